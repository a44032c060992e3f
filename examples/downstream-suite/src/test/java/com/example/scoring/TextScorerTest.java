package com.example.scoring;

import dev.pybridge.api.PythonBridge;
import dev.pybridge.testkit.Layer;
import dev.pybridge.testkit.PyBridgeTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Against a real Python worker: the testkit starts it, and stops it (checking for leaks) after each test. */
@PyBridgeTest(layer = Layer.PYTHON)
class TextScorerTest {

    @Test
    void countsCodePointsAsPythonDoes(PythonBridge python) {
        assertEquals(2, new TextScorer(python).length("\u00e9\ud83d\ude00"));
    }
}
