package dev.pybridge.testkit.fake;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The fake worker's small language: what it evaluates, and what it leaves alone. */
class ExpressionsTest {

    private final Map<String, Object> namespace = new HashMap<>();

    @Test
    void evaluatesLiterals() {
        assertEquals(value(null), Expressions.evaluate("None", namespace));
        assertEquals(value(true), Expressions.evaluate("True", namespace));
        assertEquals(value(1_000L), Expressions.evaluate("1_000", namespace));
        assertEquals(value(-2.5e-3), Expressions.evaluate("-2.5e-3", namespace));
        assertEquals(value("tab\there \"q\""), Expressions.evaluate("'tab\\there \"q\"'", namespace));
        assertEquals(value(Arrays.asList(1L, null, List.of("x"))), Expressions.evaluate("[1, None, ['x']]", namespace));
        assertEquals(value(new BigInteger("123456789012345678901234567890")),
                Expressions.evaluate("123456789012345678901234567890", namespace));
    }

    @Test
    void computesIntegerArithmeticAsPythonDoes() {
        assertEquals(value(7L), Expressions.evaluate("1 + 2 * 3", namespace));
        assertEquals(value(9L), Expressions.evaluate("(1 + 2) * 3", namespace));
        assertEquals(value(-4L), Expressions.evaluate("-7 // 2", namespace));
        assertEquals(value(-1L), Expressions.evaluate("7 % -2", namespace));
        assertEquals(value(-8L), Expressions.evaluate("-2 ** 3", namespace));
        assertEquals(value(BigInteger.TWO.pow(64)), Expressions.evaluate("2 ** 64", namespace));
        WorkerError zero = assertThrows(WorkerError.class, () -> Expressions.evaluate("1 % 0", namespace));
        assertEquals("ZeroDivisionError", zero.type());
    }

    @Test
    void leavesAloneWhatItDoesNotKnow() {
        for (String code : List.of("os.getcwd()", "1 / 2", "'a' + 'b'", "1.5 * 2", "x", "007", "[1, 2", "'open", "2 ** -1", "")) {
            assertEquals(Optional.empty(), Expressions.evaluate(code, namespace), code);
        }
    }

    @Test
    void executesAssignmentsAndReturnsAFinalExpression() {
        assertNull(Expressions.execute("x = 40\n# a comment\ny = x + 2; label = 'a;b'", namespace));
        assertEquals(Map.of("x", 40L, "y", 42L, "label", "a;b"), namespace);
        assertEquals(84L, Expressions.execute("pass\ny * 2", namespace));
        assertNull(Expressions.execute("import os", namespace), "a statement it does not know does nothing");
        assertNull(Expressions.execute("z = some.call()\nz == 1", namespace));
        assertEquals("some.call()", namespace.get("z"), "what it cannot evaluate is bound as text");
    }

    private static Optional<Expressions.Value> value(Object value) {
        return Optional.of(new Expressions.Value(value));
    }
}
