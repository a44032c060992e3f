package dev.pybridge.api.program;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** Maps the Java type of a record component to the DSPy type of its field. */
final class JavaTypes {

    private static final Map<Class<?>, FieldType> SCALARS = Map.ofEntries(
            Map.entry(String.class, FieldType.STR),
            Map.entry(int.class, FieldType.INT), Map.entry(Integer.class, FieldType.INT),
            Map.entry(long.class, FieldType.INT), Map.entry(Long.class, FieldType.INT),
            Map.entry(short.class, FieldType.INT), Map.entry(Short.class, FieldType.INT),
            Map.entry(byte.class, FieldType.INT), Map.entry(Byte.class, FieldType.INT),
            Map.entry(BigInteger.class, FieldType.INT),
            Map.entry(double.class, FieldType.FLOAT), Map.entry(Double.class, FieldType.FLOAT),
            Map.entry(float.class, FieldType.FLOAT), Map.entry(Float.class, FieldType.FLOAT),
            Map.entry(BigDecimal.class, FieldType.FLOAT),
            Map.entry(boolean.class, FieldType.BOOL), Map.entry(Boolean.class, FieldType.BOOL),
            Map.entry(OptionalInt.class, FieldType.optionalOf(FieldType.INT)),
            Map.entry(OptionalLong.class, FieldType.optionalOf(FieldType.INT)),
            Map.entry(OptionalDouble.class, FieldType.optionalOf(FieldType.FLOAT)));

    private static final Set<Class<?>> LISTS = Set.of(List.class, Collection.class, Set.class);

    private static final String SUPPORTED = "String (str); int, long, short, byte, their boxes and BigInteger (int); "
            + "double, float, their boxes and BigDecimal (float); boolean and Boolean (bool); "
            + "List<T>, Collection<T> and Set<T> (list[T]); Map<String, V> (dict[str, V]); an enum (Literal of its names); "
            + "Optional<T> (Optional[T]); OptionalInt, OptionalLong and OptionalDouble";

    private JavaTypes() {
    }

    static FieldType fieldType(Class<?> record, RecordComponent component) {
        try {
            return map(component.getGenericType());
        } catch (Unsupported e) {
            Type declared = component.getGenericType();
            String reason = e.type.equals(declared) ? ", which " + e.reason : ", in which " + e.type.getTypeName() + " " + e.reason;
            throw new IllegalArgumentException("record " + record.getName() + ", component '" + component.getName()
                    + "' has type " + declared.getTypeName() + reason + "; supported types: " + SUPPORTED);
        }
    }

    private static FieldType map(Type type) {
        if (type instanceof Class<?> raw) {
            return mapClass(raw);
        }
        if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
            return mapGeneric(generic, raw, generic.getActualTypeArguments());
        }
        if (type instanceof WildcardType wildcard && wildcard.getLowerBounds().length == 0
                && wildcard.getUpperBounds().length == 1 && wildcard.getUpperBounds()[0] != Object.class) {
            return map(wildcard.getUpperBounds()[0]);
        }
        throw new Unsupported(type, "has no DSPy type");
    }

    private static FieldType mapClass(Class<?> raw) {
        FieldType scalar = SCALARS.get(raw);
        if (scalar != null) {
            return scalar;
        }
        if (raw.isEnum()) {
            return enumLiteral(raw);
        }
        if (LISTS.contains(raw) || raw == Map.class || raw == Optional.class) {
            throw new Unsupported(raw, "is raw: give its type arguments");
        }
        if (raw.isRecord()) {
            throw new Unsupported(raw, "is a nested record, which is not supported yet: flatten its components");
        }
        throw new Unsupported(raw, "has no DSPy type");
    }

    private static FieldType enumLiteral(Class<?> type) {
        Object[] constants = type.getEnumConstants();
        if (constants.length == 0) {
            throw new Unsupported(type, "is an enum without constants, and a Literal needs at least one");
        }
        return new FieldType.LiteralOf(Arrays.stream(constants).map(c -> ((Enum<?>) c).name()).toList());
    }

    private static FieldType mapGeneric(ParameterizedType generic, Class<?> raw, Type[] arguments) {
        if (LISTS.contains(raw)) {
            return FieldType.listOf(map(arguments[0]));
        }
        if (raw == Optional.class) {
            return FieldType.optionalOf(map(arguments[0]));
        }
        if (raw == Map.class) {
            if (arguments[0] != String.class) {
                throw new Unsupported(generic, "has keys that are not String");
            }
            return FieldType.dictOf(FieldType.STR, map(arguments[1]));
        }
        throw new Unsupported(generic, "has no DSPy type");
    }

    /** A type inside a component's type that has no DSPy type; carried up to where the component is known. */
    private static final class Unsupported extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient Type type;
        private final String reason;

        Unsupported(Type type, String reason) {
            super(null, null, false, false);
            this.type = type;
            this.reason = reason;
        }
    }
}
