package dev.pybridge.testkit.jqwik;

import dev.pybridge.api.PyValues;

import java.math.BigInteger;
import java.util.Base64;
import java.util.Map;

/**
 * Wire values as the worker writes them (PROTOCOL.md, "Values"): plain JSON where JSON can say it,
 * tagged objects ({@code {"__pybridge__": tag, "value": ...}}) for integers beyond 64 bits, NaN and
 * the infinities, bytes, and maps whose keys the JVM's parser cannot take as field names. Every
 * character beyond ASCII is written as a {@code \}{@code u} escape, so unpaired surrogates travel
 * too, and the text is ASCII.
 */
final class WireJson {

    private static final String TAG = "__pybridge__";
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private WireJson() {}

    static String of(Object value) {
        StringBuilder json = new StringBuilder();
        write(json, value);
        return json.toString();
    }

    static void write(StringBuilder json, Object value) {
        if (value == null || value instanceof Boolean) {
            json.append(value);
            return;
        }
        switch (PyValues.kindOf(value)) {
            case INTEGER, BIG_INTEGER -> integer(json, value instanceof BigInteger big ? big : BigInteger.valueOf(((Number) value).longValue()));
            case FLOAT -> floating(json, ((Number) value).doubleValue());
            case STRING -> string(json, value.toString());
            case BYTES -> tagged(json, "bytes", Base64.getEncoder().encodeToString((byte[]) value));
            case LIST -> list(json, PyValues.elements(value));
            case MAP -> map(json, (Map<?, ?>) value);
            default -> throw new IllegalArgumentException("a " + value.getClass().getName() + " is no value the worker writes");
        }
    }

    private static void integer(StringBuilder json, BigInteger value) {
        if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
            json.append(value);
        }
        else {
            tagged(json, "int", value.toString());
        }
    }

    private static void floating(StringBuilder json, double value) {
        if (Double.isNaN(value)) {
            tagged(json, "float", "nan");
        }
        else if (Double.isInfinite(value)) {
            tagged(json, "float", value > 0 ? "inf" : "-inf");
        }
        else {
            // Always with a fraction or an exponent ("1.0", "1.0E10"), so that it reads back as a float.
            json.append(value);
        }
    }

    private static void list(StringBuilder json, Iterable<?> elements) {
        json.append('[');
        String separator = "";
        for (Object element : elements) {
            json.append(separator);
            write(json, element);
            separator = ",";
        }
        json.append(']');
    }

    private static void map(StringBuilder json, Map<?, ?> map) {
        if (map.keySet().stream().anyMatch(key -> TAG.equals(key) || hasUnpairedSurrogate((String) key))) {
            // As the worker does: the tag key would read as a tag, and the JVM's parser takes a lone surrogate's
            // escape in a string but not in a field name, so such a map goes as a list of pairs.
            json.append("{\"").append(TAG).append("\":\"dict\",\"value\":[");
            String separator = "";
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.append(separator).append('[');
                string(json, (String) entry.getKey());
                json.append(',');
                write(json, entry.getValue());
                json.append(']');
                separator = ",";
            }
            json.append("]}");
            return;
        }
        json.append('{');
        String separator = "";
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            json.append(separator);
            string(json, (String) entry.getKey());
            json.append(':');
            write(json, entry.getValue());
            separator = ",";
        }
        json.append('}');
    }

    private static void tagged(StringBuilder json, String tag, String value) {
        json.append("{\"").append(TAG).append("\":\"").append(tag).append("\",\"value\":");
        string(json, value);
        json.append('}');
    }

    static void string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            }
            else if (c < 0x20 || c > 0x7e) {
                json.append(String.format("\\u%04x", (int) c));
            }
            else {
                json.append(c);
            }
        }
        json.append('"');
    }

    static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            }
            else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
