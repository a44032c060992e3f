package dev.pybridge.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Fails a test that leaves a child process of the JVM running (a Python worker its bridge did not
 * stop, say), names each process with its command line, and kills them so that the next test
 * starts clean. Processes get a few seconds to finish exiting first, since closing a bridge may
 * still be reaping its workers.
 *
 * <pre>{@code
 * @ExtendWith(NoProcessLeftBehind.class)
 * class ScoringTest { ... }
 * }</pre>
 *
 * @since 0.1
 */
public final class NoProcessLeftBehind implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoProcessLeftBehind.class);
    private static final String BEFORE = "children before the test";
    private static final Duration EXIT_DEADLINE = Duration.ofSeconds(10);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(BEFORE, descendants());
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
            String names = left.stream().map(NoProcessLeftBehind::describe).collect(Collectors.joining("\n  "));
            left.forEach(ProcessHandle::destroyForcibly);
            // Reaped before the failure is reported, so that the next test (or the caller's own check) starts clean.
            left.forEach(process -> process.onExit().completeOnTimeout(process, 10, TimeUnit.SECONDS).join());
            throw new AssertionError("the test left " + left.size() + " process(es) running (now killed):\n  " + names
                    + "\nclose every bridge the test starts, for instance with try-with-resources");
        }
    }

    private static List<ProcessHandle> leftOver(Set<Long> before) {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(process -> !before.contains(process.pid()))
                .toList();
    }

    private static Set<Long> descendants() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static String describe(ProcessHandle process) {
        return "pid " + process.pid() + ": " + process.info().commandLine().orElse("(command line unknown)");
    }
}
