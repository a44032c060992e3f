package dev.pybridge.core.internal.protocol;

import dev.pybridge.api.error.ProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameDecoderTest {

    private final List<byte[]> frames = new ArrayList<>();

    @Test
    void decodesFramesInOneChunk() {
        byte[] stream = concat(Frames.frame(bytes("{\"id\":1}")), Frames.frame(new byte[0]), Frames.frame(bytes("x")));
        FrameDecoder decoder = new FrameDecoder(1024);
        decoder.feed(stream, 0, stream.length, frames::add);
        decoder.finish();
        assertEquals(3, frames.size());
        assertArrayEquals(bytes("{\"id\":1}"), frames.get(0));
        assertArrayEquals(new byte[0], frames.get(1));
        assertArrayEquals(bytes("x"), frames.get(2));
    }

    @Test
    void decodesFramesFedOneByteAtATime() {
        byte[] stream = concat(Frames.frame(bytes("hello")), Frames.frame(bytes("world")));
        FrameDecoder decoder = new FrameDecoder(1024);
        for (int i = 0; i < stream.length; i++) {
            decoder.feed(stream, i, 1, frames::add);
        }
        decoder.finish();
        assertEquals(List.of("hello", "world"), frames.stream().map(frame -> new String(frame, StandardCharsets.UTF_8)).toList());
    }

    @Test
    void refusesAnOversizedFrameBeforeAllocatingIt() {
        byte[] header = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        FrameDecoder decoder = new FrameDecoder(1024);
        ProtocolException error = assertThrows(ProtocolException.class, () -> decoder.feed(header, 0, 4, frames::add));
        assertTrue(error.getMessage().startsWith("frame of 4294967295 bytes exceeds the maximum of 1024 bytes"), error.getMessage());
    }

    @Test
    void reportsAStreamThatEndsInsideAPayload() {
        byte[] frame = Frames.frame(bytes("truncated"));
        FrameDecoder decoder = new FrameDecoder(1024);
        decoder.feed(frame, 0, 7, frames::add);
        ProtocolException error = assertThrows(ProtocolException.class, decoder::finish);
        assertEquals("stream ended inside a frame of 9 bytes after 3 of them (frame 1)", error.getMessage());
    }

    @Test
    void reportsAStreamThatEndsInsideAHeader() {
        FrameDecoder decoder = new FrameDecoder(1024);
        decoder.feed(new byte[] {0, 0}, 0, 2, frames::add);
        ProtocolException error = assertThrows(ProtocolException.class, decoder::finish);
        assertEquals("stream ended inside a frame header after 2 of 4 bytes (frame 1)", error.getMessage());
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
