package dev.pybridge.core.internal;

import dev.pybridge.api.error.BridgeConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Unpacks the worker's Python package, which travels inside this jar, to a folder named by a hash
 * of its content. A folder that is there already is used as it is, so each version unpacks once
 * per machine, and JVMs running different versions side by side never see each other's files.
 */
public final class WorkerScripts {

    /** The folder inside the jar that holds the {@code pybridge} package. */
    static final String RESOURCE_ROOT = "pybridge-python";

    private static final String COMPLETE_MARKER = ".complete";
    private static final Map<Path, Path> UNPACKED = new ConcurrentHashMap<>();

    private WorkerScripts() {}

    /**
     * The folder to put on {@code PYTHONPATH}: it holds the {@code pybridge} package.
     *
     * @param cacheRoot where to unpack, if not the user's cache folder
     * @throws BridgeConfigurationException if the package is missing from the jar or cannot be written
     */
    public static Path unpack(Optional<Path> cacheRoot) {
        Path root = cacheRoot.orElseGet(WorkerScripts::defaultCacheRoot).toAbsolutePath();
        return UNPACKED.computeIfAbsent(root, WorkerScripts::unpackTo);
    }

    private static Path unpackTo(Path root) {
        Map<String, byte[]> files = readPackage();
        Path target = root.resolve("worker-" + contentHash(files));
        if (Files.isRegularFile(target.resolve(COMPLETE_MARKER))) {
            return target;
        }
        try {
            Files.createDirectories(root);
            Path staging = Files.createTempDirectory(root, ".unpacking-");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path path = staging.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.write(path, file.getValue());
            }
            Files.createFile(staging.resolve(COMPLETE_MARKER));
            publish(staging, target);
            return target;
        }
        catch (IOException e) {
            throw new BridgeConfigurationException("cannot unpack the Python worker to " + root + ": " + e
                    + "; make the folder writable or set BridgeConfig.workerCacheDirectory", e);
        }
    }

    // Another JVM may publish the same content at the same time; whichever rename wins, the files are identical.
    private static void publish(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | DirectoryNotEmptyException e) {
            if (!Files.isRegularFile(target.resolve(COMPLETE_MARKER))) {
                throw e;
            }
            deleteTree(staging);
        }
    }

    private static Map<String, byte[]> readPackage() {
        Path location = codeLocation();
        Map<String, byte[]> files = Files.isDirectory(location) ? readFolder(location.resolve(RESOURCE_ROOT)) : readJar(location);
        if (!files.containsKey("pybridge/__main__.py")) {
            throw new BridgeConfigurationException("the Python worker (" + RESOURCE_ROOT + "/pybridge) is missing from "
                    + location + "; the bridge-core jar is incomplete: rebuild it or use a released one");
        }
        return files;
    }

    private static Map<String, byte[]> readFolder(Path folder) {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                files.put(folder.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static Map<String, byte[]> readJar(Path jar) {
        Map<String, byte[]> files = new TreeMap<>();
        String prefix = RESOURCE_ROOT + "/";
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) file.stream()::iterator) {
                if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                    try (InputStream content = file.getInputStream(entry)) {
                        files.put(entry.getName().substring(prefix.length()), content.readAllBytes());
                    }
                }
            }
        }
        catch (IOException e) {
            throw new BridgeConfigurationException("cannot read the Python worker from " + jar + ": " + e.getMessage(), e);
        }
        return files;
    }

    private static Path codeLocation() {
        try {
            return Path.of(WorkerScripts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (URISyntaxException | NullPointerException e) {
            throw new BridgeConfigurationException("cannot tell where the bridge-core classes were loaded from, "
                    + "so the Python worker cannot be unpacked", e);
        }
    }

    private static String contentHash(Map<String, byte[]> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            files.forEach((name, content) -> {
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(content);
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Path defaultCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("pybridge");
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
