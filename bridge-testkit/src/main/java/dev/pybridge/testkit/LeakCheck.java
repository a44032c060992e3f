package dev.pybridge.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a fixture left behind once closed: processes of its workers (and what their user code
 * started), and threads of its bridge. Each leak is named, with a command line or a thread name.
 */
final class LeakCheck {

    private static final Duration EXIT_ALLOWANCE = Duration.ofSeconds(5);

    private LeakCheck() {}

    /** The workers {@code pids} and their descendants now, to check after the close. */
    static Set<Long> withDescendants(Collection<Long> pids) {
        Set<Long> all = new LinkedHashSet<>(pids);
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(process -> process.descendants().forEach(child -> all.add(child.pid())));
        }
        return all;
    }

    /**
     * The processes of {@code pids} still running, and the threads named for {@code engines} still
     * alive, after a short allowance for them to finish ending; each named.
     */
    static List<String> leaks(Set<Long> pids, Set<String> engines) {
        long deadline = System.nanoTime() + EXIT_ALLOWANCE.toNanos();
        List<String> leaks = find(pids, engines);
        while (!leaks.isEmpty() && System.nanoTime() - deadline < 0) {
            Optional<ProcessHandle> running = pids.stream().map(ProcessHandle::of).flatMap(Optional::stream)
                    .filter(LeakCheck::running).findFirst();
            if (running.isPresent()) {
                running.get().onExit().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
            }
            else {
                threadsOf(engines).stream().findFirst().ifPresent(thread -> join(thread, 100));
            }
            leaks = find(pids, engines);
        }
        return leaks;
    }

    /** Kills what {@link #leaks} found, so that the next test starts clean. */
    static void kill(Set<Long> pids) {
        pids.stream().map(ProcessHandle::of).flatMap(Optional::stream).forEach(ProcessHandle::destroyForcibly);
    }

    private static List<String> find(Set<Long> pids, Set<String> engines) {
        List<String> leaks = new ArrayList<>();
        for (long pid : pids) {
            ProcessHandle.of(pid).filter(LeakCheck::running).ifPresent(process -> leaks.add("process " + pid + ": "
                    + process.info().commandLine().orElse(process.info().command().orElse("(command line unknown)"))));
        }
        threadsOf(engines).forEach(thread -> leaks.add("thread '" + thread.getName() + "'"));
        return leaks;
    }

    private static List<Thread> threadsOf(Set<String> engines) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> engines.stream().anyMatch(engine -> thread.getName().startsWith("pybridge-" + engine + "-")))
                .toList();
    }

    // A process that has exited but not been reaped yet (a zombie) is not running.
    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        }
        catch (IOException | RuntimeException e) {
            return process.isAlive();
        }
    }

    private static void join(Thread thread, long millis) {
        try {
            thread.join(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
