package dev.pybridge.cli.bench;

import dev.pybridge.api.PythonBridge;
import dev.pybridge.jsr223.PythonScriptEngine;
import dev.pybridge.jsr223.PythonScriptEngineFactory;

import javax.script.ScriptException;

/**
 * A trivial script-engine eval with a 20 MB binding present, against the same eval without it, in
 * alternating blocks on one bridge: what unchanged bindings cost an eval (nothing, ideally).
 *
 * @param boundMicros the median of the blocks' mean eval time with the large binding, in microseconds
 * @param plainMicros the same without it
 */
record ScriptBindingEvals(double boundMicros, double plainMicros) {

    static final int BINDING_CHARS = 20 << 20;

    double ratio() {
        return boundMicros / plainMicros;
    }

    static ScriptBindingEvals measure(PythonBridge bridge, int evals, int blocks) throws ScriptException {
        PythonScriptEngineFactory factory = PythonScriptEngineFactory.over(bridge);
        try (PythonScriptEngine bound = (PythonScriptEngine) factory.getScriptEngine();
                PythonScriptEngine plain = (PythonScriptEngine) factory.getScriptEngine()) {
            bound.put("data", "x".repeat(BINDING_CHARS));
            bound.eval("1");  // the one eval that sends it
            plain.eval("1");
            int perBlock = Math.max(1, evals / blocks);
            double[] withBinding = new double[blocks];
            double[] without = new double[blocks];
            for (int block = 0; block < blocks; block++) {
                withBinding[block] = meanMicros(bound, perBlock);
                without[block] = meanMicros(plain, perBlock);
            }
            return new ScriptBindingEvals(median(withBinding), median(without));
        }
    }

    private static double meanMicros(PythonScriptEngine engine, int evals) throws ScriptException {
        long started = System.nanoTime();
        for (int i = 0; i < evals; i++) {
            engine.eval("1");
        }
        return (System.nanoTime() - started) / 1_000.0 / evals;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
