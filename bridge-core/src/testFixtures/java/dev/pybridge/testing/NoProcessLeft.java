package dev.pybridge.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Fails a test that leaves a process running that it started (a worker, or a child a worker's
 * user code forked), names each with its command line, and kills them so that the next test
 * starts clean. Processes get a few seconds to finish exiting, since a closed bridge may still be
 * reaping. The core and pool suites use this rather than the testkit's extension, since the
 * testkit depends on them.
 */
public final class NoProcessLeft implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoProcessLeft.class);
    private static final String BEFORE = "processes before the test";
    private static final Duration EXIT_DEADLINE = Duration.ofSeconds(10);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(BEFORE, ours());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Set<Long> before = context.getStore(NAMESPACE).get(BEFORE, Set.class);
        long deadline = System.nanoTime() + EXIT_DEADLINE.toNanos();
        List<ProcessHandle> left = leftOver(before);
        while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
            left.get(0).onExit().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
            left = leftOver(before);
        }
        if (!left.isEmpty()) {
            String names = left.stream().map(process -> "pid " + process.pid() + ": " + process.info().commandLine().orElse("?"))
                    .collect(Collectors.joining("\n  "));
            left.forEach(ProcessHandle::destroyForcibly);
            throw new AssertionError("the test left " + left.size() + " process(es) running (now killed):\n  " + names);
        }
    }

    // This JVM's descendants, and processes of this JVM's run that were handed to another parent (a dead worker's children).
    private static List<ProcessHandle> leftOver(Set<Long> before) {
        return processes().filter(process -> !before.contains(process.pid())).toList();
    }

    private static Set<Long> ours() {
        return processes().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static java.util.stream.Stream<ProcessHandle> processes() {
        String jvm = Long.toString(ProcessHandle.current().pid());
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.pid() != ProcessHandle.current().pid())
                .filter(process -> isDescendant(process) || carriesParentPid(process, jvm));
    }

    private static boolean isDescendant(ProcessHandle process) {
        for (ProcessHandle up = process.parent().orElse(null); up != null; up = up.parent().orElse(null)) {
            if (up.pid() == ProcessHandle.current().pid()) {
                return true;
            }
        }
        return false;
    }

    // A worker's forked child keeps the worker's command line, and with it --parent-pid of this JVM.
    private static boolean carriesParentPid(ProcessHandle process, String jvm) {
        List<String> args = process.info().arguments().map(List::of).orElse(List.of());
        int at = args.indexOf("--parent-pid");
        return at >= 0 && at + 1 < args.size() && args.get(at + 1).equals(jvm);
    }
}
