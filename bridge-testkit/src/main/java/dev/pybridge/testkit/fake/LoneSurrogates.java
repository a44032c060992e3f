package dev.pybridge.testkit.fake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lets Jackson read requests whose object keys hold unpaired surrogates. The protocol allows them
 * (Java and Python strings both do), the JVM writes them as {@code \}{@code u} escapes, and Python
 * reads them anywhere; Jackson reads them in string values but refuses them in object keys. So
 * before parsing, inside each JSON string, every unpaired surrogate escape becomes the private-use
 * marker U+E000 and the surrogate's four hex digits, and every U+E000 already there is doubled;
 * after parsing, {@link #restore} undoes both in each string and key. The rewrite happens only
 * when a payload holds a surrogate escape at all.
 */
final class LoneSurrogates {

    private static final char MARKER = '\uE000';
    private static final byte[] MARKER_UTF8 = String.valueOf(MARKER).getBytes(StandardCharsets.UTF_8);
    private static final byte[] MARKER_ESCAPE = "\\ue000".getBytes(StandardCharsets.US_ASCII);

    private LoneSurrogates() {}

    /** Whether {@code json} holds a surrogate escape, and so needs {@link #protect}. */
    static boolean present(byte[] json) {
        for (int i = 0; i + 5 < json.length; i++) {
            if (json[i] == '\\' && json[i + 1] == 'u' && Character.isSurrogate(escaped(json, i))) {
                return true;
            }
        }
        return false;
    }

    /** {@code json} with its unpaired surrogate escapes turned into markers (see the class comment). */
    static byte[] protect(byte[] json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 16);
        boolean inString = false;
        int i = 0;
        while (i < json.length) {
            byte b = json[i];
            if (!inString) {
                inString = b == '"';
                out.write(b);
                i++;
            }
            else if (b == '"') {
                inString = false;
                out.write(b);
                i++;
            }
            else if (b == '\\') {
                i = escape(json, i, out);
            }
            else if (startsWith(json, i, MARKER_UTF8)) {
                out.writeBytes(MARKER_UTF8);
                out.writeBytes(MARKER_UTF8);
                i += MARKER_UTF8.length;
            }
            else {
                out.write(b);
                i++;
            }
        }
        return out.toByteArray();
    }

    /** {@code text} as it was before {@link #protect}: markers back to surrogates, doubled markers single. */
    static String restore(String text) {
        if (text.indexOf(MARKER) < 0) {
            return text;
        }
        StringBuilder restored = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != MARKER) {
                restored.append(c);
            }
            else if (i + 1 < text.length() && text.charAt(i + 1) == MARKER) {
                restored.append(MARKER);
                i++;
            }
            else {
                restored.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                i += 4;
            }
        }
        return restored.toString();
    }

    // Copies the escape at json[at] (rewritten as the class comment says); returns where the next byte is.
    private static int escape(byte[] json, int at, ByteArrayOutputStream out) {
        if (at + 5 >= json.length || json[at + 1] != 'u') {
            int length = Math.min(2, json.length - at);
            out.write(json, at, length);
            return at + length;
        }
        char c = escaped(json, at);
        boolean paired = Character.isHighSurrogate(c) && at + 11 < json.length && json[at + 6] == '\\' && json[at + 7] == 'u'
                && Character.isLowSurrogate(escaped(json, at + 6));
        if (paired) {
            out.write(json, at, 12);
            return at + 12;
        }
        if (c == MARKER) {
            out.writeBytes(MARKER_ESCAPE);
            out.writeBytes(MARKER_ESCAPE);
        }
        else if (Character.isSurrogate(c)) {
            out.writeBytes(MARKER_UTF8);
            out.writeBytes(String.format("%04x", (int) c).getBytes(StandardCharsets.US_ASCII));
        }
        else {
            out.write(json, at, 6);
        }
        return at + 6;
    }

    // The character of the \\uXXXX escape at json[at], or a non-surrogate when its digits are not hex.
    private static char escaped(byte[] json, int at) {
        try {
            return (char) Integer.parseInt(new String(json, at + 2, 4, StandardCharsets.US_ASCII), 16);
        }
        catch (NumberFormatException e) {
            return ' ';
        }
    }

    private static boolean startsWith(byte[] json, int at, byte[] prefix) {
        if (at + prefix.length > json.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (json[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
