package dev.pybridge.jsr223;

import dev.pybridge.api.PyRef;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * What Python last saw of one binding, and how to tell cheaply whether a value is still that.
 *
 * <p>The rule: a value of an immutable type (strings, numbers, booleans, characters, handles) is
 * unchanged when it is the same object or an equal one. A mutable value (a collection, a map, an
 * array) whose JSON was at most {@link #CONTENT_CHECK_BYTES} is kept as that JSON and compared by
 * content, so that changes made to it in place are sent, as other engines that share the object
 * would show them. A larger mutable value is unchanged while the binding holds the same object:
 * reading it again would cost as much as sending it, at every eval.
 *
 * @param value the value Python saw
 * @param content its JSON when it is a mutable value small enough to compare by content; else null
 */
record SeenBinding(Object value, byte[] content) {

    /** Mutable values up to this many bytes of JSON are compared by content at every eval. */
    static final int CONTENT_CHECK_BYTES = 64 << 10;

    /** What to remember of {@code value}, whose JSON is {@code encoded} (null when it need not be encoded). */
    static SeenBinding of(Object value, byte[] encoded) {
        return new SeenBinding(value, encoded != null && encoded.length <= CONTENT_CHECK_BYTES ? encoded : null);
    }

    /** Whether {@code candidate} is known to be what Python saw without encoding it. */
    boolean covers(Object candidate) {
        if (candidate == value) {
            return content == null;
        }
        return isImmutable(candidate) && candidate.equals(value);
    }

    /** Whether {@code encoded}, the JSON of a value this does not cover, is the content Python saw. */
    boolean sameContent(byte[] encoded) {
        return content != null && Arrays.equals(content, encoded);
    }

    /** Values that cannot change in place, and so cross whatever their size without being encoded first. */
    static boolean isImmutable(Object value) {
        return value == null || value instanceof String || value instanceof Boolean || value instanceof Character
                || value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof Double || value instanceof Float || value instanceof BigInteger || value instanceof PyRef;
    }
}
