package dev.pybridge.testkit.jqwik;

import dev.pybridge.api.Call;
import dev.pybridge.api.PyValues;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.testkit.fake.FakeWorkerLauncher;
import dev.pybridge.testkit.faults.ProcessLeakCheck;
import dev.pybridge.testkit.faults.TestingPython;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every generated array goes Java, a worker ({@code echo}), Java as an equal {@code NdArray}: real Python, and the fake worker. */
class ArrayEchoIT {

    private Set<Long> processesBefore;
    private SingleProcessBridge python;
    private SingleProcessBridge fake;

    @BeforeProperty
    void start() {
        processesBefore = ProcessLeakCheck.ours();
        python = SingleProcessBridge.start(TestingPython.config().build());
        fake = new SingleProcessBridge(TestingPython.config().build(), FakeWorkerLauncher.create(), Set.of());
    }

    @AfterProperty
    void stop() {
        python.close();
        fake.close();
        ProcessLeakCheck.assertNoneLeftBut(processesBefore);
    }

    @Property(tries = 200)
    void everyArrayComesBackAsAnEqualNdArray(@ForAll("arrays") Object array) {
        List<?> expected = List.of(PyValues.toNdArray(array), "x");
        assertEquals(expected, python.call(Call.echo(List.of(array, "x"))));
        assertEquals(expected, fake.call(Call.echo(List.of(array, "x"))));
    }

    @Provide
    Arbitrary<Object> arrays() {
        return WireArbitraries.arrays();
    }
}
