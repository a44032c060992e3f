package dev.pybridge.core.internal.worker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * This JVM's end of a child's stdout pipe, reached through {@code /proc/self/fd} (Linux). A
 * {@link FileChannel} opened there is a new handle on the same pipe, and, unlike the process's
 * stream, a thread blocked reading it can be released: by closing the channel from another thread,
 * or by interrupting it (which closes that channel only; the pipe stays open, and another channel
 * is opened for the next read). An anchor channel, opened at once and kept until the end, is what
 * later channels are opened from, so that a descriptor number the JDK has closed and reused can
 * never be mistaken for the pipe.
 */
final class ProcPipe implements AutoCloseable {

    private static final Path OWN_FDS = Path.of("/proc/self/fd");

    private final FileChannel anchor;
    private final Path anchorPath;

    private ProcPipe(FileChannel anchor, Path anchorPath) {
        this.anchor = anchor;
        this.anchorPath = anchorPath;
    }

    /**
     * This JVM's end of the stdout pipe of child {@code pid}, if {@code /proc} shows it unambiguously;
     * empty elsewhere (no {@code /proc}, not a pipe, or the child has moved its stdout already).
     */
    static Optional<ProcPipe> find(long pid) {
        if (pid <= 0 || !Files.isDirectory(OWN_FDS)) {
            return Optional.empty();
        }
        try {
            String stdout = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", "1")).toString();
            String stderr = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", "2")).toString();
            if (!stdout.startsWith("pipe:") || stdout.equals(stderr)) {
                return Optional.empty();
            }
            List<Path> ours = descriptorsOf(stdout);
            if (ours.size() != 1) {
                return Optional.empty();
            }
            FileChannel anchor = FileChannel.open(ours.get(0), StandardOpenOption.READ);
            List<Path> now = descriptorsOf(stdout);
            now.removeAll(ours);
            if (now.size() != 1) {
                anchor.close();
                return Optional.empty();
            }
            return Optional.of(new ProcPipe(anchor, now.get(0)));
        }
        catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** A new channel on the pipe, for reading. */
    FileChannel open() throws IOException {
        return FileChannel.open(anchorPath, StandardOpenOption.READ);
    }

    @Override
    public void close() {
        try {
            anchor.close();
        }
        catch (IOException e) {
            // Closing is all that was wanted.
        }
    }

    private static List<Path> descriptorsOf(String target) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(OWN_FDS)) {
            for (Path descriptor : descriptors) {
                try {
                    if (Files.readSymbolicLink(descriptor).toString().equals(target)) {
                        found.add(descriptor);
                    }
                }
                catch (IOException e) {
                    // Closed while the folder was listed: not the pipe.
                }
            }
        }
        return found;
    }
}
