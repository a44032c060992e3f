package dev.pybridge.core.internal.protocol;

import dev.pybridge.api.error.ProtocolException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameDecoderProperties {

    @Property
    void anySplitOfAStreamDecodesToTheSameFrames(@ForAll("payloads") List<byte[]> payloads,
            @ForAll @Size(max = 20) List<@IntRange(min = 1, max = 50) Integer> chunkSizes) {
        byte[] stream = FrameDecoderTest.concat(payloads.stream().map(Frames::frame).toArray(byte[][]::new));
        List<byte[]> decoded = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder(1024);
        int at = 0;
        int chunk = 0;
        while (at < stream.length) {
            int size = chunkSizes.isEmpty() ? stream.length : chunkSizes.get(chunk++ % chunkSizes.size());
            int take = Math.min(size, stream.length - at);
            decoder.feed(stream, at, take, decoded::add);
            at += take;
        }
        decoder.finish();
        assertEquals(payloads.size(), decoded.size());
        for (int i = 0; i < payloads.size(); i++) {
            assertTrue(Arrays.equals(payloads.get(i), decoded.get(i)), "frame " + i);
        }
    }

    @Property
    void randomBytesEndInFramesOrAProtocolError(@ForAll @Size(max = 300) byte[] garbage) {
        FrameDecoder decoder = new FrameDecoder(64);
        try {
            decoder.feed(garbage, 0, garbage.length, frame -> assertTrue(frame.length <= 64));
            decoder.finish();
        }
        catch (ProtocolException expected) {
            assertTrue(expected.getMessage().contains("bytes"), expected.getMessage());
        }
    }

    @Provide
    Arbitrary<List<byte[]>> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200).list().ofMaxSize(8);
    }
}
