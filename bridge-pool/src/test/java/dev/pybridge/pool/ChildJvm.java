package dev.pybridge.pool;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Another JVM running one of these tests' main classes on this module's class path, to be killed with SIGKILL. */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;

    private ChildJvm(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static ChildJvm start(Class<?> main, String... args) throws IOException {
        return start(List.of(), main, args);
    }

    static ChildJvm start(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        return new ChildJvm(new ProcessBuilder(command(jvmOptions, main, args)).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** As {@link #start(List, Class, String...)}, its stderr (its log) read with its stdout. */
    static ChildJvm startWithLog(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        return new ChildJvm(new ProcessBuilder(command(jvmOptions, main, args)).redirectErrorStream(true).start());
    }

    /** Every line it prints until it ends by itself; fails after {@code timeout}. */
    List<String> awaitAllLines(Duration timeout) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            List<String> lines = new ArrayList<>();
            for (String line = readLine(); line != null; line = readLine()) {
                lines.add(line);
            }
            return lines;
        }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static List<String> command(List<String> jvmOptions, Class<?> main, String... args) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath(main), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    long pid() {
        return process.pid();
    }

    /** The next line it prints that starts with {@code prefix}, without the prefix; fails after {@code timeout}. */
    String awaitLine(String prefix, Duration timeout) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            for (String line = readLine(); line != null; line = readLine()) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length());
                }
            }
            throw new AssertionError("the child JVM ended without printing " + prefix);
        }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until it has ended by itself; fails after {@code timeout}. */
    void awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child JVM still runs after " + timeout);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private String readLine() {
        try {
            return out.readLine();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String classPath(Class<?> main) {
        return Stream.of(main.getName(), PooledBridge.class.getName(), "dev.pybridge.core.SingleProcessBridge",
                        "dev.pybridge.api.PythonBridge", "com.github.benmanes.caffeine.cache.Caffeine",
                        "com.fasterxml.jackson.core.JsonFactory", "com.fasterxml.jackson.databind.ObjectMapper",
                        "com.fasterxml.jackson.annotation.JsonProperty", "org.slf4j.simple.SimpleServiceProvider", "org.HdrHistogram.AbstractHistogram", "org.slf4j.LoggerFactory")
                .map(ChildJvm::location)
                .distinct()
                .collect(Collectors.joining(File.pathSeparator));
    }

    // By name: this module does not read all of them, but loading a class and asking where it came from needs no access.
    private static String location(String className) {
        try {
            Class<?> type = Class.forName(className, false, ChildJvm.class.getClassLoader());
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        }
        catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
