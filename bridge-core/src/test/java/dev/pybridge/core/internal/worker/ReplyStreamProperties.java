package dev.pybridge.core.internal.worker;

import dev.pybridge.api.error.ProtocolException;
import dev.pybridge.core.internal.protocol.Frames;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The way a worker's replies are really read: whatever chunks the pipe delivers, the frames come out the same. */
class ReplyStreamProperties {

    @Property
    void anySplitOfTheStreamGivesTheSameFrames(@ForAll("payloads") List<byte[]> payloads,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 50) Integer> chunkSizes) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        payloads.forEach(payload -> stream.writeBytes(Frames.frame(payload)));
        List<byte[]> read = new ArrayList<>();
        ReplyStream replies = new ReplyStream("w", new Chunked(stream.toByteArray(), chunkSizes), 1024, read::add);
        replies.readToEnd();
        assertTrue(replies.ended());
        assertEquals(null, replies.problem());
        assertEquals(payloads.size(), replies.framesRead());
        assertEquals(payloads.size(), read.size());
        for (int i = 0; i < payloads.size(); i++) {
            assertTrue(Arrays.equals(payloads.get(i), read.get(i)), "frame " + i);
        }
    }

    @Property
    void garbageEndsInFramesOrAProtocolErrorNamingALength(@ForAll @Size(max = 300) byte[] garbage,
            @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 40) Integer> chunkSizes) {
        List<byte[]> read = new ArrayList<>();
        ReplyStream replies = new ReplyStream("w", new Chunked(garbage, chunkSizes), 64, read::add);
        replies.readToEnd();
        assertTrue(replies.ended(), "the reader stops at the end of the bytes, never waiting for more");
        assertTrue(read.stream().allMatch(frame -> frame.length <= 64), "no frame over the limit is handed on");
        if (replies.problem() != null) {
            ProtocolException broken = assertInstanceOf(ProtocolException.class, replies.problem());
            assertTrue(broken.getMessage().contains("bytes"), broken.getMessage());
        }
    }

    @Provide
    Arbitrary<List<byte[]>> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200).list().ofMaxSize(8);
    }

    /** A stream that hands out its bytes in the given chunk sizes, as a pipe may. */
    private static final class Chunked extends InputStream {
        private final byte[] bytes;
        private final List<Integer> sizes;
        private int at;
        private int chunk;

        Chunked(byte[] bytes, List<Integer> sizes) {
            this.bytes = bytes;
            this.sizes = sizes;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (at >= bytes.length) {
                return -1;
            }
            int take = Math.min(length, Math.min(sizes.get(chunk++ % sizes.size()), bytes.length - at));
            System.arraycopy(bytes, at, target, offset, take);
            at += take;
            return take;
        }
    }
}
