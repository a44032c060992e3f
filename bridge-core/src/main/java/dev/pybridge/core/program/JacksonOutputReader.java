package dev.pybridge.core.program;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pybridge.api.program.OutputReader;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads outputs through Jackson. A record of outputs is put together here, one component per
 * output by name, so that {@code Optional} components and a missing output get the same clear
 * treatment as in {@link dev.pybridge.api.program.Signature#of}; each value is read by Jackson.
 * Public for other {@link dev.pybridge.api.program.Adapter}s (the testkit's mock) to read
 * predictions exactly as this one does.
 *
 * @since 0.2
 */
public final class JacksonOutputReader implements OutputReader {

    static final JacksonOutputReader INSTANCE = new JacksonOutputReader();

    /** The reader; it holds no state of a caller's. */
    public static OutputReader instance() {
        return INSTANCE;
    }

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private JacksonOutputReader() {}

    @Override
    public <T> T read(Object value, Class<T> type) {
        if (type.isRecord() && value instanceof Map<?, ?> values) {
            return type.cast(readRecord(values, type));
        }
        return type.cast(convert(value, mapper.constructType(type), type.getSimpleName()));
    }

    private Object readRecord(Map<?, ?> values, Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] parameterTypes = new Class<?>[components.length];
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            parameterTypes[i] = component.getType();
            arguments[i] = component(values, component);
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        }
        catch (InvocationTargetException e) {
            throw new IllegalArgumentException("its constructor refused the outputs: " + e.getCause(), e.getCause());
        }
        catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot construct " + type.getName() + ": make it public, in a package "
                    + "its module opens to dev.pybridge.core (" + e + ")", e);
        }
    }

    private Object component(Map<?, ?> values, RecordComponent component) {
        String name = component.getName();
        Object value = values.get(name);
        Class<?> type = component.getType();
        if (type == Optional.class) {
            return Optional.ofNullable(value == null ? null : convert(value, mapper.constructType(elementType(component)), name));
        }
        if (type == OptionalInt.class) {
            return value == null ? OptionalInt.empty() : OptionalInt.of((Integer) convert(value, mapper.constructType(Integer.class), name));
        }
        if (type == OptionalLong.class) {
            return value == null ? OptionalLong.empty() : OptionalLong.of((Long) convert(value, mapper.constructType(Long.class), name));
        }
        if (type == OptionalDouble.class) {
            return value == null ? OptionalDouble.empty() : OptionalDouble.of((Double) convert(value, mapper.constructType(Double.class), name));
        }
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException("there is no output '" + name + "'; the outputs are " + values.keySet());
        }
        if (value == null && type.isPrimitive()) {
            throw new IllegalArgumentException("output '" + name + "' is null, which a " + type + " cannot hold: make it Optional");
        }
        return convert(value, mapper.constructType(component.getGenericType()), name);
    }

    private static Type elementType(RecordComponent component) {
        return component.getGenericType() instanceof ParameterizedType parameterized
                ? parameterized.getActualTypeArguments()[0] : Object.class;
    }

    private Object convert(Object value, JavaType type, String what) {
        try {
            return mapper.convertValue(value, type);
        }
        catch (IllegalArgumentException e) {
            // Jackson's first line says what did not fit; the rest is its location in our own map.
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException(what + ": " + reason, e);
        }
    }
}
