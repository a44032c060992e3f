package dev.pybridge.cli.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The floor for calls in flight: a raw Python echo loop (the standard json module, as
 * {@link RawPipeFloor}'s) kept busy with a window of requests written ahead over the same kind of
 * pipe, one Java thread writing and reading, with no ids matched and nothing supervised.
 */
final class PipelinedFloor implements AutoCloseable {

    private final PythonLoop loop;
    private final OutputStream toPython;
    private final DataInputStream fromPython;
    private long nextId;

    PipelinedFloor(String python) throws IOException {
        // The round-trip floor's loop: only how many requests it is kept ahead differs.
        loop = new PythonLoop(python, RawPipeFloor.ECHO);
        toPython = loop.toPython();
        fromPython = loop.fromPython();
    }

    /** {@code count} echoes of {@code value} with at most {@code window} in flight. */
    void echoes(int count, int window, String value) throws IOException {
        int sent = 0;
        for (; sent < Math.min(window, count); sent++) {
            send(value);
        }
        toPython.flush();
        for (int received = 0; received < count; received++) {
            byte[] reply = new byte[fromPython.readInt()];
            fromPython.readFully(reply);
            if (sent < count) {
                send(value);
                toPython.flush();
                sent++;
            }
        }
    }

    private void send(String value) throws IOException {
        byte[] payload = ("{\"id\":" + ++nextId + ",\"command\":\"echo\",\"args\":{\"value\":\"" + value + "\"},\"session\":null}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[4 + payload.length];
        frame[0] = (byte) (payload.length >>> 24);
        frame[1] = (byte) (payload.length >>> 16);
        frame[2] = (byte) (payload.length >>> 8);
        frame[3] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 4, payload.length);
        toPython.write(frame);
    }

    @Override
    public void close() throws InterruptedException {
        loop.close();
    }
}
