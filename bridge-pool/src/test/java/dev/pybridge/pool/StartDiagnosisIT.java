package dev.pybridge.pool;

import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.api.config.RestartPolicy;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.core.DoctorReport;
import dev.pybridge.core.PythonDoctor;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.core.event.BridgeEvent;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.Processes;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.pybridge.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a worker starts, and what a user is told when it cannot: one Python launch per start, the
 * configured interpreter run as configured (a wrapper's environment reaches the worker), a code
 * cache that heals itself, a working directory that cannot shadow the worker, and for each broken
 * environment a message that names the real cause, which the doctor repeats.
 */
@ExtendWith(NoProcessLeft.class)
class StartDiagnosisIT {

    @TempDir
    Path folder;

    @Test
    void aStartLaunchesPythonOnceBeforeTheFirstReply() throws IOException {
        Path launches = folder.resolve("launches");
        Path python = script("counting-python", "echo launched >> '" + launches + "'\nexec " + realPython() + " \"$@\"");
        try (SingleProcessBridge bridge = SingleProcessBridge.start(config().python(python.toString()).build())) {
            assertEquals(2L, bridge.eval("1 + 1"));
            assertEquals(1, Files.readAllLines(launches).size(), "Python processes launched before the first reply");
        }
    }

    @Test
    void eachWorkerIsLaunchedOnceThroughTheLauncherSeam() {
        AtomicInteger launches = new AtomicInteger();
        LocalProcessLauncher local = new LocalProcessLauncher();
        WorkerLauncher counting = spec -> {
            launches.incrementAndGet();
            return local.launch(spec);
        };
        try (SingleProcessBridge bridge = new SingleProcessBridge(config().build(), counting)) {
            assertEquals(2L, bridge.eval("1 + 1"));
            assertEquals(1, launches.get(), "launches for a single bridge's first reply");
        }
        launches.set(0);
        try (PooledBridge pool = new PooledBridge(PoolConfig.builder().bridge(config().build()).size(2).build(), counting, Set.of())) {
            assertEquals(2L, pool.eval("1 + 1"));
            assertEquals(2, launches.get(), "launches for a pool of 2");
        }
    }

    @Test
    void aWrapperScriptsEnvironmentReachesTheWorker() throws IOException {
        Path python = script("wrapping-python", "export PYBRIDGE_WRAPPED=by-the-wrapper\nexec " + realPython() + " \"$@\"");
        try (SingleProcessBridge bridge = SingleProcessBridge.start(config().python(python.toString()).build())) {
            assertEquals("by-the-wrapper", bridge.eval("__import__('os').environ.get('PYBRIDGE_WRAPPED')"));
        }
    }

    @Test
    void aWrapperThatKeepsTheInterpreterAsItsChildStillEndsWithWhatUserCodeStarted() throws IOException {
        Path python = script("parent-python", realPython() + " \"$@\"");
        SingleProcessBridge bridge = SingleProcessBridge.start(config().python(python.toString()).build());
        long child;
        try {
            child = ((Number) bridge.exec("import subprocess\nsubprocess.Popen(['sleep', '300']).pid")).longValue();
            assertTrue(Processes.running(child));
            long worker = ((Number) bridge.eval("__import__('os').getpid()")).longValue();
            Processes.killMinusNine(worker);
            until("the interpreter's group was killed", 15, () -> !Processes.running(child));
        }
        finally {
            bridge.close();
        }
    }

    @Test
    void anInterpreterOlderThan39SaysSo() throws IOException {
        Path python = script("python38", "exec " + realPython() + " -c \"import runpy, sys\nsys.version_info = (3, 8, 10, 'final', 0)\n"
                + "sys.argv = sys.argv[1:]\nrunpy.run_path(sys.argv[0], run_name='__main__')\" \"$@\"");
        assertStartFails(python.toString(), "cannot run the worker: Python 3.8.10 is too old: PyBridge needs Python 3.9 or newer;"
                + " configure a newer interpreter");
    }

    @Test
    void anExecutableThatIsNotPythonIsNamed() throws IOException {
        Path notPython = script("not-python", "echo 'this is not Python'\nexec sleep 60");
        assertStartFails(notPython.toString(), "Python interpreter '" + notPython + "' wrote \"this is not Python");
        assertStartFails(notPython.toString(), "or it is not a Python interpreter; '" + notPython + " -c pass' must print nothing");
        assertStartFails("/bin/echo", "'/bin/echo'");
        assertStartFails("/bin/true", "'/bin/true' exited with exit code 0 before the worker was ready: is it a Python 3.9+ interpreter?");
    }

    @Test
    void aMissingInterpreterIsNamed() {
        assertStartFails("/no/such/python3", "Python interpreter '/no/such/python3' was not found: install Python 3.9+");
    }

    @Test
    void aMissingWorkingDirectoryIsNamedNotTheInterpreter() {
        Path missing = folder.resolve("gone");
        BridgeConfig config = config().python(TestingPython.environment().withWorkingDirectory(missing)).build();
        assertStartFails(config, "the working directory " + missing + " configured for the Python workers does not exist");
    }

    @Test
    void aSitecustomizeThatPrintsIsNamedAndTheDoctorSaysTheSame() throws IOException {
        Path site = Files.createDirectories(folder.resolve("site"));
        Files.writeString(site.resolve("sitecustomize.py"), "print('hello from sitecustomize')\n");
        BridgeConfig config = config().python(TestingPython.environment().withVariable("PYTHONPATH", site.toString())).build();
        String expected = "wrote \"hello from sitecustomize";
        assertStartFails(config, expected);
        DoctorReport report = PythonDoctor.examine(config);
        assertFalse(report.healthy());
        assertTrue(report.problems().get(0).what().contains(expected), report.problems().toString());
        assertTrue(report.problems().get(0).what().contains("sitecustomize or usercustomize module"), report.problems().toString());
    }

    @Test
    void filesInTheWorkingDirectoryNamedLikeTheWorkerCannotReplaceIt() throws IOException {
        Path project = Files.createDirectories(folder.resolve("project"));
        Files.writeString(project.resolve("pybridge.py"), "print('not the worker' * 1000)\nraise SystemExit(0)\n");
        Files.writeString(project.resolve("helper.py"), "ANSWER = 42\n");
        BridgeConfig config = config().python(TestingPython.environment().withWorkingDirectory(project)).build();
        try (SingleProcessBridge bridge = SingleProcessBridge.start(config)) {
            assertEquals(42L, bridge.eval("__import__('helper').ANSWER"), "user code imports from its working directory");
        }
    }

    @Test
    void startingNeedsNoTemporaryFolder() throws Exception {
        try (ChildJvm child = ChildJvm.start(List.of("-Djava.io.tmpdir=" + folder.resolve("no-such-tmp")), FirstCallChild.class,
                realPython(), folder.resolve("cache").toString())) {
            assertEquals("2", child.awaitLine("ANSWER ", Duration.ofSeconds(60)));
            child.awaitExit(Duration.ofSeconds(30));
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aDeletedCodeCacheIsUnpackedAgainForTheNextStart(Topology topology) throws IOException {
        Path cache = folder.resolve("cache");
        try (PythonBridge bridge = topology.start(config().workerCacheDirectory(cache).build())) {
            assertEquals(2L, bridge.eval("1 + 1"));
            // Gone at once, as a temp cleaner would leave it; the running worker may still write its bytecode there.
            Files.move(cache, folder.resolve("cleaned-away"));
            Processes.killMinusNine(Processes.workerPids().get(0));
            until("a replacement serves", 30, () -> answers(bridge));
        }
        Files.move(cache, folder.resolve("cleaned-away-again"));
        try (PythonBridge another = topology.start(config().workerCacheDirectory(cache).build())) {
            assertEquals(2L, another.eval("1 + 1"), "a new bridge in the same JVM unpacks it again");
        }
    }

    @Test
    void aDamagedCodeCacheIsUnpackedAgain() throws IOException {
        Path cache = folder.resolve("cache");
        try (SingleProcessBridge bridge = SingleProcessBridge.start(config().workerCacheDirectory(cache).build())) {
            assertEquals(2L, bridge.eval("1 + 1"));
        }
        try (Stream<Path> files = Files.walk(cache)) {
            for (Path file : files.filter(path -> path.toString().endsWith("pybridge/worker.py")).toList()) {
                Files.writeString(file, "");
            }
        }
        try (SingleProcessBridge bridge = SingleProcessBridge.start(config().workerCacheDirectory(cache).build())) {
            assertEquals(2L, bridge.eval("1 + 1"));
        }
    }

    @Test
    void aCacheFolderThatCannotBeWrittenIsNamed() throws IOException {
        Path file = Files.writeString(folder.resolve("a-file"), "not a folder");
        Path cache = file.resolve("cache");
        assertStartFails(config().workerCacheDirectory(cache).build(), "cannot unpack the Python worker to " + cache);
    }

    @Test
    void aWorkerTheBridgeKilledForBreakingTheProtocolIsSaidToBeKilledByTheBridge() {
        List<BridgeEvent> events = new CopyOnWriteArrayList<>();
        try (SingleProcessBridge bridge = new SingleProcessBridge(config().build(), new LocalProcessLauncher(), Set.of(events::add))) {
            // Bytes that are no frame, written to the worker's reply stream from user code.
            assertThrows(RuntimeException.class, () -> bridge.exec(String.join("\n",
                    "import gc, os",
                    "writer = next(o for o in gc.get_objects() if type(o).__name__ == 'FrameWriter')",
                    "os.write(writer._fd, b'garbage that is not a frame')")));
            until("the worker's end was heard", 30, () -> events.stream().anyMatch(BridgeEvent.WorkerCrashed.class::isInstance));
        }
        BridgeEvent.WorkerCrashed crash = events.stream().filter(BridgeEvent.WorkerCrashed.class::isInstance)
                .map(BridgeEvent.WorkerCrashed.class::cast).findFirst().orElseThrow();
        assertTrue(crash.exit().contains("SIGKILL, sent by the bridge"), crash.exit());
    }

    private static boolean answers(PythonBridge bridge) {
        try {
            return Long.valueOf(2).equals(bridge.eval("1 + 1"));
        }
        catch (RuntimeException e) {
            return false;
        }
    }

    private BridgeConfig.Builder config() {
        return TestingPython.config().restartPolicy(RestartPolicy.defaults().withMaxRestarts(0));
    }

    private void assertStartFails(String python, String message) {
        assertStartFails(config().python(python).build(), message);
    }

    private static void assertStartFails(BridgeConfig config, String message) {
        BridgeConfigurationException error = assertThrows(BridgeConfigurationException.class,
                () -> SingleProcessBridge.start(config.toBuilder().eagerStart(true).build()).close());
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    private static String realPython() {
        return TestingPython.environment().executable();
    }

    private Path script(String name, String body) throws IOException {
        Path script = folder.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
