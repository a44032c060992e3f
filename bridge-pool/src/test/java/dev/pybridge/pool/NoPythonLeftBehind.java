package dev.pybridge.pool;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Fails a test that leaves a child process of this JVM alive, names the processes, and kills them
 * so the next test starts clean. Processes get a few seconds to finish exiting.
 */
public final class NoPythonLeftBehind implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoPythonLeftBehind.class);
    private static final Duration EXIT_DEADLINE = Duration.ofSeconds(10);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("before", children());
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        @SuppressWarnings("unchecked")
        Set<Long> before = context.getStore(NAMESPACE).get("before", Set.class);
        long deadline = System.nanoTime() + EXIT_DEADLINE.toNanos();
        List<ProcessHandle> left = leftOver(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            left.get(0).onExit().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
            left = leftOver(before);
        }
        if (!left.isEmpty()) {
            String names = left.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.joining("\n  "));
            left.forEach(ProcessHandle::destroyForcibly);
            throw new AssertionError("the test left processes running:\n  " + names);
        }
    }

    private static List<ProcessHandle> leftOver(Set<Long> before) {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(process -> !before.contains(process.pid()))
                .toList();
    }

    private static Set<Long> children() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
