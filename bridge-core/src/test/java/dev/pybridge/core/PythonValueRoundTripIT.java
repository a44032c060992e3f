package dev.pybridge.core;

import dev.pybridge.testing.TestingPython;
import dev.pybridge.api.Call;
import dev.pybridge.api.PyValues;
import dev.pybridge.core.internal.protocol.PythonValues;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every value survives the trip Java, Python, Java unchanged, through a real worker. */
class PythonValueRoundTripIT {

    private static SingleProcessBridge python;

    @BeforeContainer
    static void start() {
        python = SingleProcessBridge.start(TestingPython.config().build());
    }

    @AfterContainer
    static void stop() {
        python.close();
    }

    @Property(tries = 300)
    void everyValueComesBackUnchanged(@ForAll("values") Object value) {
        Object back = python.call(Call.echo(value));
        assertTrue(PyValues.deepEquals(value, back), () -> "sent " + value + ", got back " + back);
    }

    @Property(tries = 50)
    void stringsWithUnpairedSurrogatesSurvive(@ForAll("text") String text) {
        String odd = text + "\uD800" + text + "\uDFFF";
        assertTrue(odd.equals(python.call(Call.echo(odd))));
    }

    @Property(tries = 10)
    void longStringsSurviveAsBuffersOrAsEscapes(@ForAll("text") String text, @ForAll boolean unpaired) {
        String sent = (text + "\"\\\u00e9").repeat(40_000 / (text.length() + 3)) + (unpaired ? "\uDC00" : "");
        assertEquals(List.of(sent), python.call(Call.echo(List.of(sent))));
        assertEquals((long) sent.codePointCount(0, sent.length()), python.invoke("len", sent));
    }

    @Property(tries = 50)
    void mapKeysWithUnpairedSurrogatesSurviveBothWays(@ForAll("text") String text) {
        String odd = text + "\uD800" + text + "\uDFFF";
        Map<String, Object> sent = Map.of(odd, 1L, "plain", Map.of(odd + "!", odd));
        assertEquals(sent, python.call(Call.echo(sent)));
        Object made = python.eval("{" + pythonLiteral(odd) + ": 1}");
        assertEquals(Map.of(odd, 1L), made);
    }

    // A Python string literal for any text, unpaired surrogates included.
    private static String pythonLiteral(String text) {
        StringBuilder literal = new StringBuilder("'");
        text.chars().forEach(c -> literal.append(String.format("\\u%04x", c)));
        return literal.append('\'').toString();
    }

    @Provide
    Arbitrary<Object> values() {
        return PythonValues.values(3);
    }

    @Provide
    Arbitrary<String> text() {
        return PythonValues.text();
    }
}
