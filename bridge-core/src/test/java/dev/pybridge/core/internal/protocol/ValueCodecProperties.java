package dev.pybridge.core.internal.protocol;

import dev.pybridge.api.PyValues;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueCodecProperties {

    private final MessageCodec codec = new MessageCodec(1 << 20);

    @Property
    void everyValueRoundTrips(@ForAll("values") Object value) {
        Object decoded = codec.decodeValue(codec.encodeValue(value));
        assertTrue(PyValues.deepEquals(value, decoded), () -> "sent " + value + ", got back " + decoded);
    }

    @Provide
    Arbitrary<Object> values() {
        return PythonValues.values(3);
    }
}
