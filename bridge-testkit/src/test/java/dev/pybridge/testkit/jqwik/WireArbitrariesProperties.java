package dev.pybridge.testkit.jqwik;

import dev.pybridge.api.Call;
import dev.pybridge.api.PyValues;
import net.jqwik.api.FixedSeedMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.domains.Domain;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsCollector;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** What the domain's arbitraries generate: every kind of value and its odd cases, and requests that can cross. */
@Domain(PyBridgeDomain.class)
class WireArbitrariesProperties {

    private static final List<String> KINDS = List.of("null", "boolean", "long", "big positive", "big negative", "NaN", "+inf", "-inf",
            "-0.0", "unpaired surrogate", "bytes", "list", "map", "tag key", "nested");

    // A fixed seed: the coverage checked below is a fact about these 1000 values, the same on every run.
    @Property(tries = 1000, seed = "20261129", whenFixedSeed = FixedSeedMode.ALLOW)
    void valuesReachEveryKindAndTheOddCases(@ForAll WireValue value) {
        StatisticsCollector kinds = Statistics.label("kinds");
        note(value.value(), 0, kinds);
        kinds.coverage(coverage -> KINDS.forEach(kind -> coverage.check(kind).count((Predicate<Integer>) count -> count > 0)));
    }

    @Property(tries = 200)
    void requestsCarryOnlyValuesThatCross(@ForAll Call call) {
        PyValues.requireSupported(call.command(), call.args());
    }

    private static void note(Object value, int depth, StatisticsCollector kinds) {
        if (value instanceof List<?> list) {
            kinds.collect(depth > 0 ? "nested" : "list");
            list.forEach(element -> note(element, depth + 1, kinds));
        }
        else if (value instanceof Map<?, ?> map) {
            kinds.collect(depth > 0 ? "nested" : "map");
            if (map.containsKey("__pybridge__")) {
                kinds.collect("tag key");
            }
            map.values().forEach(element -> note(element, depth + 1, kinds));
        }
        else {
            kinds.collect(kindOf(value));
        }
    }

    private static String kindOf(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof BigInteger big) {
            return big.signum() > 0 ? "big positive" : "big negative";
        }
        if (value instanceof Double number) {
            return kindOf(number.doubleValue());
        }
        if (value instanceof String text) {
            return WireJson.hasUnpairedSurrogate(text) ? "unpaired surrogate" : "string";
        }
        return value instanceof byte[] ? "bytes" : value instanceof Boolean ? "boolean" : "long";
    }

    private static String kindOf(double number) {
        if (Double.isNaN(number)) {
            return "NaN";
        }
        if (Double.isInfinite(number)) {
            return number > 0 ? "+inf" : "-inf";
        }
        return Double.doubleToRawLongBits(number) == Double.doubleToRawLongBits(-0.0) ? "-0.0" : "double";
    }
}
