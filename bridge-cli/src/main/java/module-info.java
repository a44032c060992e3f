/**
 * The {@code ./pybridge} command: {@code demo}, {@code doctor}, {@code load}.
 */
module dev.pybridge.cli {
    requires dev.pybridge.core;
    requires dev.pybridge.pool;
    requires info.picocli;

    opens dev.pybridge.cli to info.picocli;
}
