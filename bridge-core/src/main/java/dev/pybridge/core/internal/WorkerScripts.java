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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Unpacks the worker's Python code, which travels inside this jar, to a folder named by a hash of
 * its content, so that each version unpacks once per machine and JVMs running different versions
 * side by side never see each other's files.
 *
 * <p>The folder is checked before every start (its completion marker, and every file there with
 * its size), since a temp cleaner or a user may delete or empty it while the JVM runs; a missing or
 * damaged folder is unpacked again. The checks cost a few dozen {@code stat} calls.
 */
public final class WorkerScripts {

    /** The folder inside the jar that holds the {@code pybridge} package and the start script. */
    static final String RESOURCE_ROOT = "pybridge-python";
    /** The script a worker is started with, beside the package. */
    public static final String START_SCRIPT = "start_pybridge.py";

    private static final String COMPLETE_MARKER = ".complete";

    private WorkerScripts() {}

    /**
     * The folder that holds the worker's start script and package, unpacked now unless it is
     * there and whole.
     *
     * @param cacheRoot where to unpack, if not the user's cache folder
     * @throws BridgeConfigurationException if the code is missing from the jar, or the folder cannot be written
     */
    public static Path unpack(Optional<Path> cacheRoot) {
        Path root = cacheRoot.orElseGet(WorkerScripts::defaultCacheRoot).toAbsolutePath();
        Optional<Path> index = indexFile(root);
        Optional<Layout> known = index.flatMap(WorkerScripts::readIndex);
        if (known.isPresent() && isWhole(root.resolve(known.get().folder()), known.get().sizes())) {
            return root.resolve(known.get().folder());
        }
        Contents contents = contents();
        Layout layout = contents.layout();
        Path target = root.resolve(layout.folder());
        try {
            if (!isWhole(target, layout.sizes())) {
                Files.createDirectories(root);
                Path staging = Files.createTempDirectory(root, ".unpacking-");
                for (Map.Entry<String, byte[]> file : contents.files().entrySet()) {
                    Path path = staging.resolve(file.getKey());
                    Files.createDirectories(path.getParent());
                    Files.write(path, file.getValue());
                }
                Files.createFile(staging.resolve(COMPLETE_MARKER));
                publish(staging, target, layout.sizes());
            }
            index.ifPresent(file -> writeIndex(file, layout));
            return target;
        }
        catch (IOException e) {
            throw new BridgeConfigurationException("cannot unpack the Python worker to " + root + " (" + e
                    + "): make that folder writable, or set BridgeConfig.workerCacheDirectory to one that is", e);
        }
    }

    /**
     * The worker's files as they travel in the jar, by path relative to the folder that holds the
     * package ({@code pybridge/worker.py}, {@code start_pybridge.py}, ...); read once.
     *
     * @throws BridgeConfigurationException if the code is missing from the jar
     */
    public static Map<String, byte[]> files() {
        return Collections.unmodifiableMap(contents().files());
    }

    /** Where an unpacked folder is, and the size of each file in it: what checking the folder needs. */
    private record Layout(String folder, Map<String, Long> sizes) {}

    // The index remembers the layout of one jar (its path, size and time), so that a JVM's first start need not read and
    // hash the jar's worker files to find its folder: a few stat calls instead of tens of milliseconds. None for classes
    // in a folder (a build's own tests), whose content may change under the same name.
    private static Optional<Path> indexFile(Path root) {
        try {
            Path jar = codeLocation();
            if (!Files.isRegularFile(jar)) {
                return Optional.empty();
            }
            String key = Integer.toHexString(jar.toAbsolutePath().toString().hashCode()) + "-" + Files.size(jar) + "-"
                    + Files.getLastModifiedTime(jar).toMillis();
            return Optional.of(root.resolve(".index-" + key));
        }
        catch (IOException | BridgeConfigurationException e) {
            return Optional.empty();
        }
    }

    private static Optional<Layout> readIndex(Path index) {
        try {
            List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).startsWith("worker-")) {
                return Optional.empty();
            }
            Map<String, Long> sizes = new TreeMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int space = line.indexOf(' ');
                sizes.put(line.substring(space + 1), Long.parseLong(line.substring(0, space)));
            }
            return Optional.of(new Layout(lines.get(0), sizes));
        }
        catch (IOException | RuntimeException e) {
            return Optional.empty();  // none yet, or damaged: the jar is read instead, and the index written again
        }
    }

    private static void writeIndex(Path index, Layout layout) {
        StringBuilder text = new StringBuilder(layout.folder()).append('\n');
        layout.sizes().forEach((name, size) -> text.append(size).append(' ').append(name).append('\n'));
        try {
            Path staging = Files.createTempFile(index.getParent(), ".index-", ".tmp");
            Files.writeString(staging, text, StandardCharsets.UTF_8);
            Files.move(staging, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException e) {
            // Without an index, the next JVM reads the jar again: slower, never wrong.
        }
    }

    private static boolean isWhole(Path folder, Map<String, Long> sizes) {
        if (!Files.isRegularFile(folder.resolve(COMPLETE_MARKER))) {
            return false;
        }
        try {
            for (Map.Entry<String, Long> file : sizes.entrySet()) {
                if (Files.size(folder.resolve(file.getKey())) != file.getValue()) {
                    return false;
                }
            }
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }

    // Another JVM may publish the same content at the same time; whichever rename wins, the files are identical. A damaged
    // folder is moved aside first (a worker running from it has read its code already) and deleted.
    private static void publish(Path staging, Path target, Map<String, Long> files) throws IOException {
        if (Files.exists(target) && !isWhole(target, files)) {
            Path damaged = Files.createTempDirectory(target.getParent(), ".damaged-").resolve("worker");
            try {
                Files.move(target, damaged, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (NoSuchFileException e) {
                // Another JVM moved it aside first.
            }
            deleteTree(damaged.getParent());
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | DirectoryNotEmptyException e) {
            if (!isWhole(target, files)) {
                throw e;
            }
            deleteTree(staging);
        }
    }

    /** The worker's code as this jar carries it, and its hash. */
    private record Contents(Map<String, byte[]> files, String hash) {

        Layout layout() {
            Map<String, Long> sizes = new TreeMap<>();
            files.forEach((name, bytes) -> sizes.put(name, (long) bytes.length));
            return new Layout("worker-" + hash, sizes);
        }
    }

    private static volatile Contents contents;

    // Read once, since it cannot change while the JVM runs; a failure is thrown again on the next try.
    private static Contents contents() {
        Contents read = contents;
        if (read == null) {
            synchronized (WorkerScripts.class) {
                read = contents;
                if (read == null) {
                    Map<String, byte[]> files = readPackage();
                    read = new Contents(files, contentHash(files));
                    contents = read;
                }
            }
        }
        return read;
    }

    private static Map<String, byte[]> readPackage() {
        Path location = codeLocation();
        Map<String, byte[]> files = Files.isDirectory(location) ? readFolder(location.resolve(RESOURCE_ROOT)) : readJar(location);
        if (!files.containsKey("pybridge/__main__.py") || !files.containsKey(START_SCRIPT)) {
            throw new BridgeConfigurationException("the Python worker (" + RESOURCE_ROOT + ") is missing from "
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
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
