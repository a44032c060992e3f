package dev.pybridge.core.internal.protocol;

import dev.pybridge.api.PyRef;
import dev.pybridge.api.error.ProtocolException;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import dev.pybridge.api.NdArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageCodecTest {

    private final MessageCodec codec = new MessageCodec(4096);

    @Test
    void encodesARequestFrame() {
        byte[] frame = codec.encodeRequest(new Request(7, "eval", Map.of("code", "1 + 1"), Optional.of("s1"))).toByteArray();
        assertEquals(frame.length - 4, Frames.readLength(frame));
        assertEquals("{\"id\":7,\"command\":\"eval\",\"args\":{\"code\":\"1 + 1\"},\"session\":\"s1\"}", payload(frame));
    }

    @Test
    void tagsWhatJsonCannotSay() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("big", BigInteger.TWO.pow(70));
        args.put("nan", Double.NaN);
        args.put("inf", Double.NEGATIVE_INFINITY);
        args.put("map", Map.of("__pybridge__", 1));
        args.put("small", BigInteger.valueOf(5));
        assertEquals("{\"big\":{\"__pybridge__\":\"int\",\"value\":\"1180591620717411303424\"},"
                        + "\"nan\":{\"__pybridge__\":\"float\",\"value\":\"nan\"},"
                        + "\"inf\":{\"__pybridge__\":\"float\",\"value\":\"-inf\"},"
                        + "\"map\":{\"__pybridge__\":\"dict\",\"value\":[[\"__pybridge__\",1]]},"
                        + "\"small\":5}",
                new String(codec.encodeValue(args), StandardCharsets.UTF_8));
    }

    @Test
    void bytesAndArraysTravelAsAlignedBuffersBesideTheJson() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("bytes", new byte[] {0, 1, (byte) 255});
        args.put("xs", new double[] {1.5, -2});
        byte[] frame = codec.encodeRequest(new Request(3, "echo", args, Optional.empty())).toByteArray();
        ByteBuffer in = ByteBuffer.wrap(frame);
        assertEquals(frame.length - 4, in.getInt(0));
        assertEquals(0, in.getInt(4), "a zero marker and three zero bytes");
        int jsonLength = in.getInt(8);
        assertEquals(2, in.getInt(12));
        assertEquals(0, in.getInt(16));
        assertEquals(3, in.getLong(20));
        assertEquals(16, in.getLong(28));
        String json = new String(frame, 36, jsonLength, StandardCharsets.UTF_8);
        assertEquals("{\"id\":3,\"command\":\"echo\",\"args\":{\"bytes\":{\"__pybridge__\":\"bytes\",\"value\":{\"buffer\":0}},"
                + "\"xs\":{\"__pybridge__\":\"array\",\"value\":{\"dtype\":\"<f8\",\"shape\":[2],\"buffer\":1}}},\"session\":null}", json);
        int first = align(32 + jsonLength);
        assertArrayEquals(new byte[] {0, 1, (byte) 255}, Arrays.copyOfRange(frame, 4 + first, 4 + first + 3));
        int second = align(first + 3);
        assertEquals(1.5, in.order(ByteOrder.LITTLE_ENDIAN).getDouble(4 + second));
        assertEquals(frame.length, 4 + second + 16);
    }

    @Test
    void binaryPayloadsDecodeToBytesAndArrays() {
        Map<String, Object> value = Map.of("b", new byte[] {7}, "m", NdArray.of(new int[] {1, 2, 3, 4, 5, 6}, 2, 3), "d", new double[] {0.5});
        Map<?, ?> back = (Map<?, ?>) codec.decodeValue(codec.encodeValue(value));
        assertArrayEquals(new byte[] {7}, (byte[]) back.get("b"));
        assertEquals(NdArray.of(new int[] {1, 2, 3, 4, 5, 6}, 2, 3), back.get("m"));
        assertEquals(NdArray.of(new double[] {0.5}), back.get("d"));
    }

    @Test
    void aMalformedBinaryReplyIsAProtocolError() {
        byte[] payload = new byte[20];
        ByteBuffer.wrap(payload).putInt(4, 100);
        ProtocolException error = assertThrows(ProtocolException.class, () -> codec.decodeReply(payload));
        assertTrue(error.getMessage().contains("malformed binary payload of 20 bytes"), error.getMessage());
        byte[] badIndex = codec.encodeValue(Map.of("x", new long[] {1}));
        String json = new String(badIndex, StandardCharsets.ISO_8859_1).replace("\"buffer\":0", "\"buffer\":9");
        assertThrows(ProtocolException.class, () -> codec.decodeValue(json.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void longStringsTravelAsUtf8BuffersUnlessTheyHoldASurrogate() {
        MessageCodec codec = new MessageCodec(1 << 20);
        String plain = "\u00e9x\"".repeat(20_000);
        byte[] payload = codec.encodeValue(List.of(plain));
        assertTrue(BinaryFrames.isBinary(payload));
        assertTrue(new String(payload, StandardCharsets.UTF_8).contains("{\"__pybridge__\":\"str\",\"value\":{\"buffer\":0}}"));
        assertEquals(List.of(plain), codec.decodeValue(payload));
        String odd = plain + "\uD800";
        byte[] escaped = codec.encodeValue(odd);
        assertEquals('"', escaped[0]);
        assertEquals(odd, codec.decodeValue(escaped));
    }

    private static int align(int position) {
        return (position + 7) & ~7;
    }

    @Test
    void decodesTaggedValues() {
        Object value = codec.decodeValue(bytes("[{\"__pybridge__\":\"int\",\"value\":\"-99999999999999999999\"},"
                + "{\"__pybridge__\":\"float\",\"value\":\"inf\"},{\"__pybridge__\":\"bytes\",\"value\":\"AAH/\"},"
                + "{\"__pybridge__\":\"dict\",\"value\":[[\"__pybridge__\",null]]},1,1.0,\"s\",true,null]"));
        List<?> list = assertInstanceOf(List.class, value);
        assertEquals(new BigInteger("-99999999999999999999"), list.get(0));
        assertEquals(Double.POSITIVE_INFINITY, list.get(1));
        assertArrayEquals(new byte[] {0, 1, (byte) 255}, (byte[]) list.get(2));
        assertTrue(((Map<?, ?>) list.get(3)).containsKey("__pybridge__"));
        assertEquals(1L, list.get(4));
        assertEquals(1.0, list.get(5));
        assertEquals(Arrays.asList("s", true, null), list.subList(6, 9));
    }

    @Test
    void refusesMalformedTags() {
        ProtocolException error = assertThrows(ProtocolException.class,
                () -> codec.decodeValue(bytes("{\"__pybridge__\":\"complex\",\"value\":\"1j\"}")));
        assertTrue(error.getMessage().contains("unknown or malformed tag complex"), error.getMessage());
        assertThrows(ProtocolException.class, () -> codec.decodeValue(bytes("{\"__pybridge__\":\"int\",\"value\":\"12a\"}")));
        assertThrows(ProtocolException.class, () -> codec.decodeValue(bytes("{\"__pybridge__\":\"int\",\"value\":\"1\",\"x\":2}")));
    }

    @Test
    void handlesRoundTripAsRefTags() {
        PyRef ref = new PyRef("engine-1", 3, "__main__.Counter");
        String json = "[{\"__pybridge__\":\"ref\",\"value\":{\"id\":3,\"type\":\"__main__.Counter\",\"session\":\"engine-1\"}}]";
        assertEquals(json, new String(codec.encodeValue(List.of(ref)), StandardCharsets.UTF_8));
        assertEquals(List.of(ref), codec.decodeValue(bytes(json)));
    }

    @Test
    void refusesMalformedRefs() {
        for (String value : List.of("{\"id\":0,\"type\":\"t\",\"session\":\"s\"}", "{\"id\":1,\"type\":\"t\"}",
                "{\"id\":\"1\",\"type\":\"t\",\"session\":\"s\"}", "[1,\"t\",\"s\"]")) {
            ProtocolException error = assertThrows(ProtocolException.class,
                    () -> codec.decodeValue(bytes("{\"__pybridge__\":\"ref\",\"value\":" + value + "}")), value);
            assertTrue(error.getMessage().contains("ref"), error.getMessage());
        }
    }

    @Test
    void decodesSuccessAndFailureReplies() {
        Reply success = codec.decodeReply(bytes("{\"id\":3,\"success\":true,\"result\":{\"a\":[1,2]}}"));
        assertEquals(new Reply.Success(OptionalLong.of(3), Map.of("a", List.of(1L, 2L))), success);

        Reply failure = codec.decodeReply(bytes("{\"id\":4,\"success\":false,\"error\":{\"type\":\"ValueError\","
                + "\"message\":\"bad\",\"traceback\":\"tb\",\"location\":{\"file\":\"<pybridge>\",\"line\":2,\"column\":null},"
                + "\"stdout\":\"printed\"}}"));
        WireError error = ((Reply.Failure) failure).error();
        assertEquals("ValueError", error.type());
        assertEquals(Optional.of("tb"), error.traceback());
        assertEquals(2, error.location().orElseThrow().line());
        assertTrue(error.location().orElseThrow().column().isEmpty());
        assertEquals(Optional.of("printed"), error.stdout());
    }

    @Test
    void aReplyWithAnIdButABrokenResultFailsThatCallOnly() {
        Reply reply = codec.decodeReply(bytes("{\"id\":5,\"success\":true,\"result\":{\"__pybridge__\":\"nope\",\"value\":1}}"));
        assertEquals(OptionalLong.of(5), reply.id());
        assertEquals("ProtocolError", ((Reply.Failure) reply).error().type());
    }

    @Test
    void somethingThatIsNotAReplyIsAProtocolError() {
        assertThrows(ProtocolException.class, () -> codec.decodeReply(bytes("not json")));
        assertThrows(ProtocolException.class, () -> codec.decodeReply(bytes("[1]")));
        assertThrows(ProtocolException.class, () -> codec.decodeReply(bytes("{\"success\":true")));
        assertEquals(OptionalLong.empty(), codec.decodeReply(bytes("{\"id\":null,\"success\":false,"
                + "\"error\":{\"type\":\"ProtocolError\",\"message\":\"m\"}}")).id());
    }

    @Test
    void unsupportedArgumentsAreNamed() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> codec.encodeRequest(new Request(1, "call", Map.of("args", List.of(new Object())), Optional.empty())));
        assertTrue(error.getMessage().startsWith("args.args[0] is a java.lang.Object"), error.getMessage());
    }

    @Test
    void unpairedSurrogatesCrossAsJsonEscapes() {
        byte[] encoded = codec.encodeValue("a\uD800b");
        assertEquals("\"a\\uD800b\"", new String(encoded, StandardCharsets.UTF_8));
        assertEquals("a\uD800b", codec.decodeValue(encoded));
    }

    @Test
    void aRequestOverTheMaximumFrameIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> codec.encodeRequest(new Request(1, "echo", Map.of("value", "x".repeat(5000)), Optional.empty())));
        assertTrue(error.getMessage().contains("more than the maximum frame of 4096 bytes"), error.getMessage());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String payload(byte[] frame) {
        return new String(frame, 4, frame.length - 4, StandardCharsets.UTF_8);
    }
}
