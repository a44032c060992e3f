/**
 * The {@code ./pybridge} command: {@code demo}, {@code doctor}.
 */
module dev.pybridge.cli {
    requires dev.pybridge.core;
    requires info.picocli;

    opens dev.pybridge.cli to info.picocli;
}
