package dev.pybridge.testkit.contract;

import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The contracts can fail: each broken subject fails the tests of what it breaks, and only those. */
class ContractSelfTest {

    @Test
    void echoThatLosesTypesFailsTheValueTests() {
        assertEquals(Set.of("echoReturnsEveryKindOfValueAsItComesBackFromPython", "callsFromSeveralThreadsAtOnceEachGetTheirOwnAnswer"),
                failed(run(BrokenSubjects.EchoAsText.class)));
    }

    @Test
    void aBridgeThatNeverClosesFailsTheCloseTests() {
        assertEquals(Set.of("aCallAfterCloseIsRefused", "closeIsIdempotent"), failed(run(BrokenSubjects.NeverCloses.class)));
    }

    @Test
    void aBridgeThatClearsTheInterruptFlagFailsTheInterruptionTest() {
        assertEquals(Set.of("anInterruptedCallerIsReleasedWithBridgeInterruptedAndKeepsItsFlag"),
                failed(run(BrokenSubjects.ClearsTheInterrupt.class)));
    }

    @Test
    void aBatchOutOfOrderFailsTheBatchTest() {
        assertEquals(Set.of("aBatchComesBackInTheOrderOfItsInputs"), failed(run(BrokenSubjects.ReversedBatch.class)));
    }

    @Test
    void aHistoryClaimedButNotKeptFailsTheHistoryTest() {
        assertEquals(Set.of("historyHoldsTheLastExchangesOldestFirst"), failed(run(BrokenSubjects.ForgetsItsHistory.class)));
    }

    @Test
    void aFeatureNotClaimedSkipsItsTestInsteadOfPassingIt() {
        Events tests = run(BrokenSubjects.WithoutPersistence.class);
        assertEquals(Set.of(), failed(tests));
        assertEquals(Set.of("aSavedStateLoadsIntoAProgramOfTheSameShape"), names(tests.aborted().stream()));
    }

    @Test
    void withoutTheSelfTestsParameterTheBrokenSubjectsAreSkipped() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(BrokenSubjects.NeverCloses.class)).execute();
        assertEquals(0, results.testEvents().started().count());
        assertEquals(1, results.containerEvents().skipped().count());
    }

    private static Events run(Class<?> subject) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(subject))
                .configurationParameter(SelfTestOnly.PARAMETER, "true")
                .execute()
                .testEvents();
    }

    private static Set<String> failed(Events tests) {
        return names(tests.failed().stream());
    }

    private static Set<String> names(Stream<Event> events) {
        return events.map(event -> event.getTestDescriptor().getSource().orElseThrow())
                .map(source -> ((MethodSource) source).getMethodName())
                .collect(Collectors.toSet());
    }
}
