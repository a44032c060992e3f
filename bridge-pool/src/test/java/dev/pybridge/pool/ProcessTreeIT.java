package dev.pybridge.pool;

import dev.pybridge.api.PythonBridge;
import dev.pybridge.testing.Await;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.Processes;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What user code starts ends with its worker, on both bridges, however the worker ends: closed,
 * killed with SIGKILL, or left behind by a JVM killed with SIGKILL. The children are of each kind
 * users start: {@code multiprocessing.Pool} workers (which never exit on their own), a daemon
 * {@code multiprocessing.Process}, a {@code subprocess}, and a bare {@code os.fork()}. Where the JVM
 * and its worker die together, the next bridge's orphan sweep ends what they left.
 */
@ExtendWith(NoProcessLeft.class)
class ProcessTreeIT {

    // Returns the pids of what it started, kept referenced so that nothing ends them but the worker's end.
    private static final String START_CHILDREN = String.join("\n",
            "import multiprocessing, os, subprocess, time",
            "kept = globals().setdefault('_kept', [])",
            "pool = multiprocessing.Pool(2)",
            "daemon = multiprocessing.Process(target=time.sleep, args=(300,), daemon=True)",
            "daemon.start()",
            "sleeper = subprocess.Popen(['sleep', '300'])",
            "forked = os.fork()",
            "if forked == 0:",
            "    time.sleep(300)",
            "    os._exit(0)",
            "kept.extend([pool, daemon, sleeper])",
            "[process.pid for process in pool._pool] + [daemon.pid, sleeper.pid, forked]");

    @ParameterizedTest
    @EnumSource(Topology.class)
    void closingTheBridgeEndsWhatUserCodeStarted(Topology topology) {
        PythonBridge bridge = topology.start(TestingPython.config().build());
        List<Long> children;
        try {
            children = startChildren(bridge);
        }
        finally {
            bridge.close();
        }
        awaitAllGone(children, "the bridge was closed");
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aWorkerKilledWithSigkillTakesWhatUserCodeStartedWithIt(Topology topology) {
        try (PythonBridge bridge = topology.start(TestingPython.config().build())) {
            List<Long> workers = Processes.workerPids();
            assertEquals(1, workers.size(), "one worker: " + workers);
            List<Long> children = startChildren(bridge);
            Processes.killMinusNine(workers.get(0));
            awaitAllGone(children, "the worker was killed");
            // The group is killed as the death is noticed, just before the worker is taken out of service: a call sent
            // in between would still reach the dead worker. A replacement shows the bridge has taken it out.
            Await.until("a replacement worker", 30, () -> Processes.workerPids().stream().anyMatch(pid -> !workers.contains(pid)));
            assertEquals(2L, bridge.eval("1 + 1"), "the bridge serves on a replacement");
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aJvmKilledWithSigkillLeavesNothingUserCodeStartedBehind(Topology topology) throws Exception {
        try (ChildJvm child = ChildJvm.start(BridgeChild.class, TestingPython.environment().executable(),
                Path.of("target", "worker-cache").toAbsolutePath().toString(), topology.name(), START_CHILDREN)) {
            List<Long> children = Arrays.stream(child.awaitLine("PIDS ", Duration.ofSeconds(60)).trim().split(" "))
                    .map(Long::parseLong).toList();
            assertEquals(5, children.size(), children.toString());
            assertTrue(children.stream().allMatch(Processes::running), "every child runs before the kill");
            Processes.killMinusNine(child.pid());
            awaitAllGone(children, "the JVM was killed");
        }
    }

    @Test
    void whatAJvmAndItsWorkerKilledTogetherLeftIsEndedByTheNextBridgesSweep() throws Exception {
        String startChildrenAndTellTheWorker = START_CHILDREN.substring(0, START_CHILDREN.lastIndexOf('\n'))
                + "\n[process.pid for process in pool._pool] + [daemon.pid, sleeper.pid, forked, os.getpid()]";
        try (ChildJvm child = ChildJvm.start(BridgeChild.class, TestingPython.environment().executable(),
                Path.of("target", "worker-cache").toAbsolutePath().toString(), Topology.SINGLE.name(), startChildrenAndTellTheWorker)) {
            List<Long> pids = Arrays.stream(child.awaitLine("PIDS ", Duration.ofSeconds(60)).trim().split(" ")).map(Long::parseLong).toList();
            List<Long> children = pids.subList(0, 5);
            long worker = pids.get(5);
            // Frozen first, so that it cannot end the worker's group when the worker dies: both go at once, as in a
            // container that is killed.
            signal("STOP", child.pid());
            Processes.killMinusNine(worker);
            Processes.killMinusNine(child.pid());
            Await.until("the killed JVM is gone", 15, () -> !Processes.running(child.pid()));
            assertTrue(children.stream().allMatch(Processes::running), "nothing ended the children: " + children);
            try (PythonBridge next = Topology.SINGLE.start(TestingPython.config().build())) {
                assertEquals(2L, next.eval("1 + 1"));
                awaitAllGone(children, "the next bridge started");
            }
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " " + pid);
    }

    private static List<Long> startChildren(PythonBridge bridge) {
        List<Long> children = ((List<?>) bridge.exec(START_CHILDREN)).stream().map(pid -> ((Number) pid).longValue()).toList();
        assertEquals(5, children.size(), children.toString());
        assertTrue(children.stream().allMatch(Processes::running), "every child runs before the worker ends: " + children);
        return children;
    }

    private static void awaitAllGone(List<Long> children, String after) {
        Await.until("every child ended after " + after + " (" + children + ")", 15, () -> children.stream().noneMatch(Processes::running));
    }
}
