package dev.pybridge.api;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types an {@link NdArray} can hold, named as numpy names them. On the wire each
 * travels as its little-endian numpy type string ({@link #wireName()}), whatever the byte order
 * of either machine.
 *
 * @since 0.2
 */
public enum DType {
    FLOAT64("<f8", 8),
    FLOAT32("<f4", 4),
    INT64("<i8", 8),
    INT32("<i4", 4),
    INT16("<i2", 2),
    INT8("|i1", 1),
    UINT64("<u8", 8),
    UINT32("<u4", 4),
    UINT16("<u2", 2),
    UINT8("|u1", 1),
    /** numpy's {@code bool_}: one byte, 0 or 1. */
    BOOL("|b1", 1);

    private final String wireName;
    private final int itemSize;

    DType(String wireName, int itemSize) {
        this.wireName = wireName;
        this.itemSize = itemSize;
    }

    /** The numpy type string on the wire, such as {@code "<f8"}. */
    public String wireName() {
        return wireName;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** numpy's name for it, such as {@code "float64"}. */
    public String numpyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The type whose wire name is {@code wireName}.
     *
     * @throws IllegalArgumentException naming the supported type strings when there is none
     */
    public static DType fromWireName(String wireName) {
        for (DType type : values()) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unsupported dtype " + wireName + ": the dtypes are "
                + Arrays.stream(values()).map(DType::wireName).collect(Collectors.joining(", ")));
    }
}
