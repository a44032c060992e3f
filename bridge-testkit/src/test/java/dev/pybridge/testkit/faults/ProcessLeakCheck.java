package dev.pybridge.testkit.faults;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Fails a test that leaves a process running: a descendant of this JVM, or a process a worker forked
 * that outlived it (it is then no descendant any more, but it keeps the worker's command line, with
 * {@code --parent-pid} naming this JVM). Names each with its command line and kills them, so that the
 * next test starts clean. Closing a bridge may still be reaping: processes get a few seconds first.
 */
public final class ProcessLeakCheck implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ProcessLeakCheck.class);
    private static final String BEFORE = "processes before the test";
    private static final long EXIT_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** For {@code @ExtendWith}. */
    public ProcessLeakCheck() {}

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(BEFORE, ours());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Set<Long> before = context.getStore(NAMESPACE).get(BEFORE, Set.class);
        assertNoneLeftBut(before);
    }

    /** The pids of this JVM's processes now: its descendants, and the orphans its workers forked. */
    public static Set<Long> ours() {
        return processes().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** Fails, naming them, when processes of this JVM run that are not in {@code before}; kills them first. */
    public static void assertNoneLeftBut(Set<Long> before) {
        long deadline = System.nanoTime() + EXIT_DEADLINE_NANOS;
        List<ProcessHandle> left = leftOver(before);
        while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
            left.get(0).onExit().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
            left = leftOver(before);
        }
        if (!left.isEmpty()) {
            String names = left.stream().map(ProcessLeakCheck::describe).collect(Collectors.joining("\n  "));
            left.forEach(ProcessHandle::destroyForcibly);
            throw new AssertionError("the test left " + left.size() + " process(es) running (now killed):\n  " + names);
        }
    }

    /** Whether {@code pid} runs; a zombie (ended, its parent has not reaped it yet) does not. */
    public static boolean running(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.isDirectory(Path.of("/proc", "self"))) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        try {
            String line = Files.readString(stat);
            return line.charAt(line.lastIndexOf(')') + 2) != 'Z';
        }
        catch (IOException e) {
            return false;
        }
    }

    private static List<ProcessHandle> leftOver(Set<Long> before) {
        return processes().filter(process -> !before.contains(process.pid())).toList();
    }

    private static Stream<ProcessHandle> processes() {
        ProcessHandle jvm = ProcessHandle.current();
        String parentPid = Long.toString(jvm.pid());
        return Stream.concat(jvm.descendants(), ProcessHandle.allProcesses().filter(process -> carries(process, parentPid)))
                .filter(process -> process.pid() != jvm.pid() && running(process.pid()))
                .distinct();
    }

    private static boolean carries(ProcessHandle process, String parentPid) {
        List<String> args = process.info().arguments().map(List::of).orElse(List.of());
        int at = args.indexOf("--parent-pid");
        return at >= 0 && at + 1 < args.size() && args.get(at + 1).equals(parentPid);
    }

    private static String describe(ProcessHandle process) {
        return "pid " + process.pid() + ": " + process.info().commandLine().orElse("(command line unknown)");
    }
}
