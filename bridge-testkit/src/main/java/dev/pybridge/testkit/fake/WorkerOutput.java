package dev.pybridge.testkit.fake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a fake worker writes: frames on its stdout, one at a time, and lines on its stderr. A
 * worker that hangs writes nothing more, nor does one that is dying; a frame that cannot be
 * written (the bridge stopped reading) ends the worker as a broken stream, as in Python.
 */
final class WorkerOutput {

    // python/PROTOCOL.md, "Exit": a reply could not be written.
    private static final int EXIT_BROKEN_STREAM = 3;

    private final FakeProcess process;
    private final Object frames = new Object();
    private final Object lines = new Object();
    private volatile boolean hung;

    WorkerOutput(FakeProcess process) {
        this.process = process;
    }

    /** From now on, nothing is written: the worker answers nothing any more. */
    void hang() {
        hung = true;
    }

    boolean hung() {
        return hung;
    }

    /** Writes {@code bytes} to stdout (a frame, or garbage), unless the worker hangs or is dying. */
    void write(byte[] bytes) {
        synchronized (frames) {
            if (hung || process.dying()) {
                return;
            }
            try {
                process.frames().write(bytes);
            }
            catch (IOException e) {
                if (!process.dying()) {
                    diagnose("pybridge: a reply could not be written: " + e.getMessage());
                    process.die(EXIT_BROKEN_STREAM);
                    process.closePipes();
                }
            }
        }
    }

    /** Writes {@code line} to stderr; nothing happens once nobody reads it. */
    void diagnose(String line) {
        synchronized (lines) {
            try {
                process.diagnostics().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            catch (IOException e) {
                // The bridge has let the worker go and reads its stderr no more.
            }
        }
    }
}
