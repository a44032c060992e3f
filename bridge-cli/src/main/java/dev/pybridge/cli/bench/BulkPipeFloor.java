package dev.pybridge.cli.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The floor for moving a large payload: Java writes a length-prefixed block of bytes to Python
 * over a pipe, Python reads it whole and writes it back, Java reads it whole. No encoding on
 * either side: only the pipe and the copies in and out of it.
 */
final class BulkPipeFloor implements AutoCloseable {

    private static final String ECHO = String.join("\n",
            "import sys",
            "read = sys.stdin.buffer.read",
            "out = sys.stdout.buffer",
            "while True:",
            "    header = read(4)",
            "    if len(header) < 4:",
            "        break",
            "    out.write(header)",
            "    out.write(read(int.from_bytes(header, 'big')))",
            "    out.flush()");

    private final PythonLoop loop;
    private final OutputStream toPython;
    private final DataInputStream fromPython;

    BulkPipeFloor(String python) throws IOException {
        loop = new PythonLoop(python, ECHO);
        toPython = loop.toPython();
        fromPython = loop.fromPython();
    }

    /** Sends {@code payload} and reads it back. */
    byte[] echo(byte[] payload) throws IOException {
        byte[] header = {(byte) (payload.length >>> 24), (byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length};
        toPython.write(header);
        toPython.write(payload);
        toPython.flush();
        byte[] back = new byte[fromPython.readInt()];
        fromPython.readFully(back);
        return back;
    }

    @Override
    public void close() throws InterruptedException {
        loop.close();
    }
}
