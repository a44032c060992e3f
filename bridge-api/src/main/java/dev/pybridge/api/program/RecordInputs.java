package dev.pybridge.api.program;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** A record of inputs as the map a program takes: one entry per component, by its name. */
final class RecordInputs {

    private RecordInputs() {}

    static Map<String, Object> toMap(Record inputs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (RecordComponent component : inputs.getClass().getRecordComponents()) {
            map.put(component.getName(), plain(read(inputs, component)));
        }
        return map;
    }

    private static Object read(Record record, RecordComponent component) {
        Method accessor = component.getAccessor();
        try {
            if (!accessor.canAccess(record)) {
                // A record that is not public, on the class path or in a package opened to this module.
                accessor.setAccessible(true);
            }
            return accessor.invoke(record);
        }
        catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read component " + component.getName() + " of "
                    + record.getClass().getName() + ": make the record public, in a package its module exports (or opens to dev.pybridge.api)", e);
        }
        catch (InvocationTargetException e) {
            throw new IllegalArgumentException("the accessor of " + component.getName() + " of "
                    + record.getClass().getName() + " threw " + e.getCause(), e.getCause());
        }
    }

    // JSON data, as a signature derived from the record's type expects it (see Signature#of).
    private static Object plain(Object value) {
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value instanceof Optional<?> optional) {
            return plain(optional.orElse(null));
        }
        if (value instanceof OptionalInt optional) {
            return optional.isPresent() ? optional.getAsInt() : null;
        }
        if (value instanceof OptionalLong optional) {
            return optional.isPresent() ? optional.getAsLong() : null;
        }
        if (value instanceof OptionalDouble optional) {
            return optional.isPresent() ? optional.getAsDouble() : null;
        }
        if (value instanceof Record record) {
            return toMap(record);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>(collection.size());
            collection.forEach(element -> list.add(plain(element)));
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> plain = new LinkedHashMap<>();
            map.forEach((key, element) -> plain.put(key instanceof Enum<?> constant ? constant.name() : key, plain(element)));
            return plain;
        }
        return value;
    }
}
