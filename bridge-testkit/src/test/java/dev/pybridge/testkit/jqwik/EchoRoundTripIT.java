package dev.pybridge.testkit.jqwik;

import dev.pybridge.api.Call;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.testkit.faults.ProcessLeakCheck;
import dev.pybridge.testkit.faults.TestingPython;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.domains.Domain;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every wire value goes Java, real Python ({@code echo}), Java unchanged; every generated request succeeds. */
@Domain(PyBridgeDomain.class)
class EchoRoundTripIT {

    private Set<Long> processesBefore;
    private SingleProcessBridge python;

    @BeforeProperty
    void start() {
        processesBefore = ProcessLeakCheck.ours();
        python = SingleProcessBridge.start(TestingPython.config().build());
    }

    @AfterProperty
    void stop() {
        python.close();
        ProcessLeakCheck.assertNoneLeftBut(processesBefore);
    }

    @Property(tries = 200)
    void everyValueComesBackUnchanged(@ForAll WireValue value) {
        Object back = python.call(Call.echo(value.value()));
        assertTrue(value.sameAs(back), () -> "sent " + value + ", got back " + WireValue.describe(back));
    }

    @Property(tries = 100)
    void everyGeneratedRequestSucceeds(@ForAll Call call) {
        python.call(call);
    }
}
