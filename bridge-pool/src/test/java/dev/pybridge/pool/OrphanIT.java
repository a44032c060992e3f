package dev.pybridge.pool;

import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.pybridge.pool.TestingPool.await;
import static dev.pybridge.pool.TestingPool.killMinusNine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JVM killed with SIGKILL leaves no Python process behind. */
@ExtendWith(NoProcessLeft.class)
class OrphanIT {

    @Test
    void workersDieWithTheirJvmEvenWhenItIsKilled() throws Exception {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(java, "-cp", classPath(), PoolChild.class.getName(),
                TestingPool.python().executable(), Path.of("target", "worker-cache").toAbsolutePath().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
            assertTrue(line != null && line.startsWith("PIDS "), "the child said: " + line);
            List<Long> workers = Arrays.stream(line.substring(5).trim().split(" ")).map(Long::parseLong).toList();
            assertEquals(2, workers.size(), line);
            assertTrue(workers.stream().allMatch(pid -> ProcessHandle.of(pid).isPresent()));

            killMinusNine(child.pid());

            await("the workers of the killed JVM exited", 15,
                    () -> workers.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        }
        finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String classPath() {
        return Stream.of(PoolChild.class.getName(), PooledBridge.class.getName(), "dev.pybridge.core.SingleProcessBridge",
                        "dev.pybridge.api.PythonBridge", "com.github.benmanes.caffeine.cache.Caffeine",
                        "com.fasterxml.jackson.core.JsonFactory", "org.slf4j.LoggerFactory")
                .map(OrphanIT::location)
                .distinct()
                .collect(Collectors.joining(File.pathSeparator));
    }

    // By name: this module does not read all of them, but loading a class and asking where it came from needs no access.
    private static String location(String className) {
        try {
            Class<?> type = Class.forName(className, false, OrphanIT.class.getClassLoader());
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        }
        catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
