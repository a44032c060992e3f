package dev.pybridge.testkit.jqwik;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A way to cut a byte stream into the pieces a reader receives: chunks of {@code chunkSizes} bytes,
 * the sizes used in turn and again from the first until the stream ends. Sizes of 1 to 8 cut inside
 * frame headers; a size at least the stream's length delivers it whole.
 *
 * @param chunkSizes the sizes of the chunks, in order; each at least 1
 * @since 0.2
 */
public record StreamSplit(List<Integer> chunkSizes) {

    public StreamSplit {
        chunkSizes = List.copyOf(chunkSizes);
        if (chunkSizes.isEmpty() || chunkSizes.stream().anyMatch(size -> size < 1)) {
            throw new IllegalArgumentException("chunkSizes must hold at least one size, each at least 1: " + chunkSizes);
        }
    }

    /** {@code stream} cut into chunks; together, in order, they are the stream. */
    public List<byte[]> chunks(byte[] stream) {
        List<byte[]> chunks = new ArrayList<>();
        int at = 0;
        for (int turn = 0; at < stream.length; turn++) {
            int size = (int) Math.min(chunkSizes.get(turn % chunkSizes.size()), (long) stream.length - at);
            chunks.add(Arrays.copyOfRange(stream, at, at + size));
            at += size;
        }
        return chunks;
    }
}
