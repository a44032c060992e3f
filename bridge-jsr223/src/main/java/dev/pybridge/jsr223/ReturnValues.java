package dev.pybridge.jsr223;

import java.math.BigInteger;
import java.util.Map;

/**
 * Fits what Python returned to the return type of the Java interface method that asked for it:
 * Python's integers arrive as {@code Long} (or {@code BigInteger}), floats as {@code Double}.
 */
final class ReturnValues {

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(int.class, Integer.class, long.class, Long.class,
            short.class, Short.class, byte.class, Byte.class, double.class, Double.class, float.class, Float.class,
            boolean.class, Boolean.class, char.class, Character.class);

    private ReturnValues() {}

    /** @throws ClassCastException naming both types when the value does not fit */
    static Object fit(Object value, Class<?> type, String function) {
        if (type == void.class) {
            return null;
        }
        Class<?> boxed = BOXES.getOrDefault(type, type);
        if (value == null) {
            if (type.isPrimitive()) {
                throw mismatch(value, type, function);
            }
            return null;
        }
        if (boxed.isInstance(value)) {
            return value;
        }
        try {
            Object fitted = convert(value, boxed);
            if (fitted != null) {
                return fitted;
            }
        }
        catch (ArithmeticException e) {
            throw (ClassCastException) mismatch(value, type, function).initCause(e);
        }
        throw mismatch(value, type, function);
    }

    private static Object convert(Object value, Class<?> type) {
        if (value instanceof Long || value instanceof BigInteger) {
            BigInteger integer = value instanceof BigInteger big ? big : BigInteger.valueOf((Long) value);
            return integer(integer, type);
        }
        if (value instanceof Double number) {
            return type == Float.class ? (Object) number.floatValue() : null;
        }
        if (value instanceof String text && type == Character.class && text.length() == 1) {
            return text.charAt(0);
        }
        return null;
    }

    private static Object integer(BigInteger value, Class<?> type) {
        if (type == Integer.class) {
            return value.intValueExact();
        }
        if (type == Long.class) {
            return value.longValueExact();
        }
        if (type == Short.class) {
            return value.shortValueExact();
        }
        if (type == Byte.class) {
            return value.byteValueExact();
        }
        if (type == BigInteger.class) {
            return value;
        }
        if (type == Double.class) {
            return value.doubleValue();
        }
        if (type == Float.class) {
            return value.floatValue();
        }
        return null;
    }

    private static ClassCastException mismatch(Object value, Class<?> type, String function) {
        return new ClassCastException("Python's " + function + " returned " + (value == null ? "None" : value.getClass().getName()
                + " " + value) + ", which does not fit the Java return type " + type.getName());
    }
}
