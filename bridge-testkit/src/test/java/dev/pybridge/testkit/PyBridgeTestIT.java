package dev.pybridge.testkit;

import dev.pybridge.api.Call;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.api.program.Adapter;
import dev.pybridge.api.program.ProgramSpec;
import dev.pybridge.pool.PooledBridge;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** {@link PyBridgeTest} and {@link PyBridgeProperties} run sample test classes inside JUnit's EngineTestKit. */
class PyBridgeTestIT {

    @Test
    void injectsEachSupportedTypeOnEachLayer() {
        Events tests = run(MockLayer.class, BridgeMockPool.class);
        assertEquals(0, tests.failed().count(), () -> failures(tests));
        assertEquals(3, tests.succeeded().count());
    }

    @Test
    void aClassScopedFixtureServesEveryTestOfTheClass() {
        ClassScoped.seen.clear();
        Events tests = run(ClassScoped.class);
        assertEquals(2, tests.succeeded().count(), () -> failures(tests));
        assertEquals(1, ClassScoped.seen.size(), "one fixture for both tests: " + ClassScoped.seen);
    }

    @Test
    void misuseIsAnErrorThatSaysHowToFixIt() {
        Events tests = run(AsksForAPoolOfASingleBridge.class, AsksForAnUnsupportedType.class, NamesAMissingFaultsMethod.class);
        assertEquals(3, tests.failed().count());
        assertTrue(failures(tests).contains("asks for a PooledBridge, but the fixture runs a single bridge: set poolSize"), failures(tests));
        assertTrue(failures(tests).contains("which the testkit does not give: ask for one of"), failures(tests));
        assertTrue(failures(tests).contains("faults = \"noSuchMethod\" names no method"), failures(tests));
    }

    @Test
    void aTestThatLeavesAProcessFailsNamingItAndTheProcessIsKilled() {
        Events tests = run(LeavesAProcess.class);
        assertEquals(1, tests.failed().count());
        String failure = failures(tests);
        assertTrue(failure.contains("the fixture left") && failure.contains("sleep 300"), failure);
        assertTrue(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .noneMatch(process -> process.info().commandLine().orElse("").contains("sleep 300")), "the leaked process was killed");
    }

    @Test
    void aSessionLeftOpenIsALeak() {
        Events tests = run(LeavesASession.class);
        assertEquals(1, tests.failed().count());
        assertTrue(failures(tests).contains("1 session(s) still open"), failures(tests));
    }

    @Test
    void faultsNamedOnTheAnnotationReachTheWorkers() {
        Events tests = run(CrashingOnEval.class);
        assertEquals(1, tests.succeeded().count(), () -> failures(tests));
    }

    @Test
    void theJqwikHookGivesEachPropertyAFixture() {
        Events tests = EngineTestKit.engine("jqwik").selectors(selectClass(EchoProperties.class)).execute().testEvents();
        assertEquals(1, tests.succeeded().count(), () -> failures(tests));
    }

    @Test
    void twoClassesRunInParallelNeverSeeEachOthersWorkers() {
        Parallel.pids.clear();
        Events tests = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .selectors(selectClass(ParallelOne.class), selectClass(ParallelTwo.class))
                .execute().testEvents();
        assertEquals(2, tests.succeeded().count(), () -> failures(tests));
        assertEquals(2, Parallel.pids.size(), "each class saw its own worker: " + Parallel.pids);
    }

    private static Events run(Class<?>... classes) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(java.util.Arrays.stream(classes).map(type -> selectClass(type)).toArray(org.junit.platform.engine.DiscoverySelector[]::new))
                .execute().testEvents();
    }

    private static String failures(Events tests) {
        return String.join("\n", tests.failed().list().stream()
                .map(event -> event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage).orElse("?"))
                .toList());
    }

    @PyBridgeTest(layer = Layer.MOCK)
    static class MockLayer {
        @Test
        void echoes(PythonBridge bridge, Adapter adapter, PyBridgeFixture fixture) {
            assertEquals("hello", bridge.call(Call.echo("hello")));
            assertSame(fixture.adapter(), adapter);
            assertEquals(Layer.MOCK, fixture.layer());
        }
    }

    @PyBridgeTest(layer = Layer.BRIDGE_MOCK, poolSize = 2)
    static class BridgeMockPool {
        @Test
        void runsThePoolOverFakeWorkers(PooledBridge pool) {
            assertEquals(List.of(1L, 2L), pool.call(Call.echo(List.of(1L, 2L))));
        }

        @Test
        void runsProgramsThroughTheAdapter(Adapter adapter) {
            adapter.configureLm(dev.pybridge.api.program.LmConfig.of("fake/answering"));
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));
            assertEquals("answer to why", adapter.execute("qa", Map.of("question", "why")).getString("answer"));
        }
    }

    @PyBridgeTest(layer = Layer.BRIDGE_MOCK, scope = PyBridgeTest.Scope.CLASS)
    static class ClassScoped {
        static final Set<PyBridgeFixture> seen = ConcurrentHashMap.newKeySet();

        @Test
        void first(PyBridgeFixture fixture) {
            seen.add(fixture);
        }

        @Test
        void second(PyBridgeFixture fixture) {
            seen.add(fixture);
        }
    }

    @PyBridgeTest(layer = Layer.BRIDGE_MOCK)
    static class AsksForAPoolOfASingleBridge {
        @Test
        void wantsAPool(PooledBridge pool) {
        }
    }

    @PyBridgeTest(layer = Layer.MOCK)
    static class AsksForAnUnsupportedType {
        @Test
        void wantsAString(@FixtureOf(layer = Layer.MOCK) String text) {
        }
    }

    @PyBridgeTest(layer = Layer.BRIDGE_MOCK, faults = "noSuchMethod")
    static class NamesAMissingFaultsMethod {
        @Test
        void wantsFaults(PythonBridge bridge) {
        }
    }

    @PyBridgeTest(layer = Layer.PYTHON)
    static class LeavesAProcess {
        @Test
        void startsAChildOutsideTheWorkersGroup(PythonBridge bridge) {
            bridge.exec("import subprocess\nchild = subprocess.Popen(['sleep', '300'], start_new_session=True)");
        }
    }

    @PyBridgeTest(layer = Layer.BRIDGE_MOCK, poolSize = 1)
    static class LeavesASession {
        @Test
        void opensASessionAndForgetsIt(PooledBridge pool) {
            pool.call(Call.exec("x = 1").inSession("forgotten").definingSession());
        }
    }

    @PyBridgeTest(layer = Layer.BRIDGE_MOCK, faults = "crashOnEval")
    static class CrashingOnEval {
        static List<Fault> crashOnEval() {
            return List.of(Fault.crashOn("eval"));
        }

        @Test
        void crashesAndIsReplaced(PythonBridge bridge, PyBridgeFixture fixture) {
            assertThrows(WorkerCrashedException.class, () -> bridge.eval("1"));
            fixture.awaitWorkerReplaced(Duration.ofSeconds(30));
            assertEquals("still", bridge.call(Call.echo("still")));
        }
    }

    @AddLifecycleHook(PyBridgeProperties.class)
    @PyBridgeTest(layer = Layer.BRIDGE_MOCK)
    static class EchoProperties {
        @Property(tries = 20)
        void echoes(@ForAll String text, PythonBridge bridge) {
            assertEquals(text, bridge.call(Call.echo(text)));
        }
    }

    static final class Parallel {
        static final Set<Long> pids = ConcurrentHashMap.newKeySet();

        static void record(PyBridgeFixture fixture) {
            List<Long> own = fixture.events().stream()
                    .filter(event -> event instanceof dev.pybridge.core.event.BridgeEvent.WorkerStarted)
                    .map(event -> ((dev.pybridge.core.event.BridgeEvent.WorkerStarted) event).pid())
                    .toList();
            assertEquals(1, own.size(), "a fixture sees its own worker only: " + own);
            pids.addAll(own);
        }
    }

    @PyBridgeTest(layer = Layer.PYTHON)
    static class ParallelOne {
        @Test
        void ownWorker(PyBridgeFixture fixture, PythonBridge bridge) {
            assertEquals(2L, bridge.eval("1 + 1"));
            Parallel.record(fixture);
        }
    }

    @PyBridgeTest(layer = Layer.PYTHON)
    static class ParallelTwo {
        @Test
        void ownWorker(PyBridgeFixture fixture, PythonBridge bridge) {
            assertEquals(4L, bridge.eval("2 + 2"));
            Parallel.record(fixture);
        }
    }
}
