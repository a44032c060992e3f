package dev.pybridge.testkit.jqwik;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How generated replies and splits are written and cut, without a bridge. */
class WireRepliesTest {

    @Test
    void repliesAreWrittenAsTheWorkerWritesThem() {
        Map<String, Object> tagKey = new LinkedHashMap<>();
        tagKey.put("__pybridge__", "\ud800");
        List<Object> values = new ArrayList<>(List.of(Double.NaN, -0.0, BigInteger.TWO.pow(70), new byte[] {1, 2}, "\u00e9\"", tagKey));
        values.add(null);
        assertEquals("{\"id\":3,\"success\":true,\"result\":[{\"__pybridge__\":\"float\",\"value\":\"nan\"},-0.0,"
                + "{\"__pybridge__\":\"int\",\"value\":\"1180591620717411303424\"},{\"__pybridge__\":\"bytes\",\"value\":\"AQI=\"},"
                + "\"\\u00e9\\\"\",{\"__pybridge__\":\"dict\",\"value\":[[\"__pybridge__\",\"\\ud800\"]]},null]}",
                new WireReply.Success(new WireValue(values)).json(3));
        WireReply failure = new WireReply.Failure("ValueError", "bad", Optional.empty());
        assertEquals("{\"id\":9,\"success\":false,\"error\":{\"type\":\"ValueError\",\"message\":\"bad\",\"traceback\":null,"
                + "\"location\":null}}", failure.json(9));
        byte[] frame = failure.frame(9);
        assertEquals(frame.length - 4, ((frame[0] & 0xff) << 24) | ((frame[1] & 0xff) << 16) | ((frame[2] & 0xff) << 8) | (frame[3] & 0xff));
    }

    @Test
    void aSplitUsesItsSizesInTurnUntilTheStreamEnds() {
        byte[] stream = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        List<byte[]> chunks = new StreamSplit(List.of(1, 3)).chunks(stream);
        assertEquals(List.of(1, 3, 1, 3, 1), chunks.stream().map(chunk -> chunk.length).toList());
        assertArrayEquals(new byte[] {1, 2, 3}, chunks.get(1));
        assertEquals(1, new StreamSplit(List.of(Integer.MAX_VALUE)).chunks(stream).size());
        assertEquals(List.of(), new StreamSplit(List.of(2)).chunks(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new StreamSplit(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new StreamSplit(List.of(2, 0)));
    }
}
