package com.example.scoring;

import dev.pybridge.api.PythonBridge;
import dev.pybridge.testkit.Layer;
import dev.pybridge.testkit.PyBridgeProperties;
import dev.pybridge.testkit.PyBridgeTest;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A jqwik property over fake workers that speak the real wire protocol: no Python needed, one fixture per property. */
@AddLifecycleHook(PyBridgeProperties.class)
@PyBridgeTest(layer = Layer.BRIDGE_MOCK)
class TextScorerPropertiesTest {

    @Property(tries = 50)
    void anyTextRoundTrips(@ForAll String text, PythonBridge python) {
        assertEquals(text, new TextScorer(python).roundTrip(text));
    }
}
