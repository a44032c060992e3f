package dev.pybridge.cli.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The floor a bridge cannot beat: Java and Python exchanging length-prefixed JSON frames over
 * pipes, one request at a time, with no supervision, no ids to match, no threads. Written here
 * without any PyBridge code, so that the comparison is fair: the same JSON library on the Java
 * side, the standard json module on the Python side.
 */
final class RawPipeFloor implements AutoCloseable {

    static final String ECHO = String.join("\n",
            "import json, sys",
            "read = sys.stdin.buffer.read",
            "out = sys.stdout.buffer",
            "while True:",
            "    header = read(4)",
            "    if len(header) < 4:",
            "        break",
            "    request = json.loads(read(int.from_bytes(header, 'big')))",
            "    reply = json.dumps({'id': request['id'], 'success': True, 'result': request['args']['value']}).encode()",
            "    out.write(len(reply).to_bytes(4, 'big') + reply)",
            "    out.flush()");

    private final PythonLoop loop;
    private final OutputStream toPython;
    private final DataInputStream fromPython;
    private final JsonFactory json = new JsonFactory();
    private long nextId;

    /** @param python the interpreter, as a path or a command name on the PATH */
    RawPipeFloor(String python) throws IOException {
        loop = new PythonLoop(python, ECHO);
        toPython = loop.toPython();
        fromPython = loop.fromPython();
    }

    /** One round trip; returns what came back. */
    String echo(String value) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream(64);
        try (JsonGenerator out = json.createGenerator(payload)) {
            out.writeStartObject();
            out.writeNumberField("id", ++nextId);
            out.writeStringField("command", "echo");
            out.writeObjectFieldStart("args");
            out.writeStringField("value", value);
            out.writeEndObject();
            out.writeNullField("session");
            out.writeEndObject();
        }
        byte[] bytes = payload.toByteArray();
        byte[] frame = new byte[4 + bytes.length];
        frame[0] = (byte) (bytes.length >>> 24);
        frame[1] = (byte) (bytes.length >>> 16);
        frame[2] = (byte) (bytes.length >>> 8);
        frame[3] = (byte) bytes.length;
        System.arraycopy(bytes, 0, frame, 4, bytes.length);
        toPython.write(frame);
        toPython.flush();
        byte[] reply = new byte[fromPython.readInt()];
        fromPython.readFully(reply);
        return result(reply);
    }

    private String result(byte[] reply) throws IOException {
        try (JsonParser in = json.createParser(reply)) {
            in.nextToken();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                in.nextToken();
                if (name.equals("result")) {
                    return in.getText();
                }
                in.skipChildren();
            }
        }
        throw new IOException("no result in the reply");
    }

    @Override
    public void close() throws InterruptedException {
        loop.close();
    }
}
