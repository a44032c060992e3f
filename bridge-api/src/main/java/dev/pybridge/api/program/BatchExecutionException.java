package dev.pybridge.api.program;

import dev.pybridge.api.error.BridgeException;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Some inputs of a batch failed. Nothing is lost: the predictions of the others are here, by the
 * index of their input, beside each failure. The category is the first failure's.
 *
 * @since 0.2
 */
public final class BatchExecutionException extends BridgeException {

    private final transient Map<Integer, Prediction> completed;
    private final Map<Integer, BridgeException> failures;

    /**
     * @param programId the program
     * @param size how many inputs the batch had
     * @param completed the predictions of the inputs that succeeded, by index
     * @param failures the failures of the others, by index; at least one
     */
    public BatchExecutionException(String programId, int size, Map<Integer, Prediction> completed,
            Map<Integer, BridgeException> failures) {
        super(first(failures).category(), failures.size() + " of " + size + " inputs of a batch of program " + programId
                + " failed; the first, input " + new TreeMap<>(failures).firstKey() + ": " + first(failures).getMessage(),
                first(failures));
        this.completed = Collections.unmodifiableMap(new TreeMap<>(completed));
        this.failures = Collections.unmodifiableMap(new TreeMap<>(failures));
    }

    private static BridgeException first(Map<Integer, BridgeException> failures) {
        if (failures.isEmpty()) {
            throw new IllegalArgumentException("a failed batch has at least one failure");
        }
        return new TreeMap<>(failures).firstEntry().getValue();
    }

    /** The predictions of the inputs that succeeded, by index, in order. */
    public Map<Integer, Prediction> completed() {
        return completed;
    }

    /** The failures, by the index of their input, in order. */
    public Map<Integer, BridgeException> failures() {
        return failures;
    }
}
