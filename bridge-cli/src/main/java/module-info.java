/**
 * The {@code ./pybridge} command: {@code demo}, {@code doctor}, {@code load}, {@code bench}.
 */
module dev.pybridge.cli {
    requires dev.pybridge.core;
    requires dev.pybridge.pool;
    // The bench times the script engine's evals.
    requires dev.pybridge.jsr223;
    // The bench's raw pipe floor uses the same JSON library as the bridge, so the comparison is fair.
    requires com.fasterxml.jackson.core;
    requires info.picocli;
    // An automatic module: its jar names no module, so the name comes from the file, HdrHistogram-2.2.2.jar.
    requires HdrHistogram;

    opens dev.pybridge.cli to info.picocli;
    opens dev.pybridge.cli.bench to info.picocli;
    opens dev.pybridge.cli.options to info.picocli;
}
