package dev.pybridge.cli.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * A bare Python loop a floor talks to: {@code python -c script} with its stdin and stdout as the
 * floor's pipe, its stderr the bench's. Each floor writes its own protocol over it.
 */
final class PythonLoop implements AutoCloseable {

    private final Process process;
    private final OutputStream toPython;
    private final DataInputStream fromPython;

    PythonLoop(String python, String script) throws IOException {
        process = new ProcessBuilder(python, "-c", script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        toPython = process.getOutputStream();
        fromPython = new DataInputStream(process.getInputStream());
    }

    OutputStream toPython() {
        return toPython;
    }

    DataInputStream fromPython() {
        return fromPython;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
