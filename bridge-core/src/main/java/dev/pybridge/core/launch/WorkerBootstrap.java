package dev.pybridge.core.launch;

import dev.pybridge.core.internal.WorkerScripts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static java.util.Objects.requireNonNull;

/**
 * Ships the worker to a host that has nothing but a Python 3.9+ interpreter, so that the worker on
 * the far side is always the one this jar carries. The interpreter runs a one-line first stage
 * ({@code python3 -c '...'}) that reads a second stage from its stdin and runs it; the second
 * stage reads the worker package (a zip, length-prefixed and checked against its SHA-256),
 * imports it from memory, and starts the worker, which then serves the framed protocol on the same
 * stdin and stdout. Nothing is installed or written on the host. The format is in PROTOCOL.md,
 * "Remote start-up".
 *
 * <pre>{@code
 * WorkerBootstrap bootstrap = WorkerBootstrap.of(spec);
 * Process process = new ProcessBuilder("ssh", "-T", host, bootstrap.shellCommand("python3")).start();
 * bootstrap.sendBundle(process.getOutputStream());
 * return WorkerProcess.of(process);
 * }</pre>
 *
 * @since 0.3
 */
public final class WorkerBootstrap {

    /**
     * Reads a length-prefixed script from fd 0 (never through a buffered reader, which would take
     * the first frames too) and runs it. No single quote, so that it survives a remote shell inside
     * single quotes; {@code os._exit(7)} when the stream ends early.
     */
    static final String STAGE_ONE = "import os;r=lambda n:(lambda b:b+r(n-len(b)) if b else os._exit(7))(os.read(0,n)) if n else bytes();"
            + "exec(r(int.from_bytes(r(4),\"big\")))";
    private static final String STAGE_TWO = "bootstrap_pybridge.py";
    private static final String PARENT_PID = "--parent-pid";

    private static volatile Payload payload;

    private final List<String> workerArguments;

    private WorkerBootstrap(List<String> workerArguments) {
        this.workerArguments = workerArguments;
    }

    /** The bootstrap of the worker {@code spec} describes. */
    public static WorkerBootstrap of(LaunchSpec spec) {
        requireNonNull(spec, "spec is null");
        List<String> arguments = new ArrayList<>();
        List<String> given = spec.workerArguments();
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i).equals(PARENT_PID)) {
                i++; // a process of this machine: on another host it names nothing, or a stranger
            } else if (!given.get(i).startsWith(PARENT_PID + "=")) {
                arguments.add(given.get(i));
            }
        }
        return new WorkerBootstrap(List.copyOf(arguments));
    }

    /** The command to run on the host: {@code python -c <first stage>} and the worker's options. */
    public List<String> command(String python) {
        requireNonNull(python, "python is null");
        List<String> command = new ArrayList<>(List.of(python, "-c", STAGE_ONE));
        command.addAll(workerArguments);
        return List.copyOf(command);
    }

    /** {@link #command(String)} as one line for a POSIX shell, each word quoted: what {@code ssh} passes to the remote shell. */
    public String shellCommand(String python) {
        List<String> quoted = new ArrayList<>();
        for (String word : command(python)) {
            quoted.add("'" + word.replace("'", "'\\''") + "'");
        }
        return String.join(" ", quoted);
    }

    /**
     * Writes the second stage and the worker package to the worker's stdin and flushes it. Call it
     * right after the transport starts; from then on the stream carries requests.
     *
     * @throws IOException if the stream fails
     */
    public void sendBundle(OutputStream stdin) throws IOException {
        stdin.write(payload().bytes());
        stdin.flush();
    }

    /** The SHA-256 of the worker package, in hex: the same for every launch by this jar. */
    public String digest() {
        return payload().digest();
    }

    private static Payload payload() {
        Payload built = payload;
        if (built == null) {
            synchronized (WorkerBootstrap.class) {
                built = payload;
                if (built == null) {
                    built = Payload.build(WorkerScripts.files());
                    payload = built;
                }
            }
        }
        return built;
    }

    /** The bytes every launch sends: the second stage, then the package with its digest. */
    private record Payload(byte[] bytes, String digest) {

        static Payload build(Map<String, byte[]> files) {
            byte[] stageTwo = files.get(STAGE_TWO);
            if (stageTwo == null) {
                throw new IllegalStateException(STAGE_TWO + " is missing from the worker's files in the jar");
            }
            byte[] zip = zip(files);
            byte[] sha = sha256(zip);
            ByteBuffer out = ByteBuffer.allocate(4 + stageTwo.length + 4 + sha.length + zip.length);
            out.putInt(stageTwo.length).put(stageTwo).putInt(zip.length).put(sha).put(zip);
            return new Payload(out.array(), HexFormat.of().formatHex(sha));
        }

        private static byte[] zip(Map<String, byte[]> files) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    if (file.getKey().startsWith("pybridge/") && file.getKey().endsWith(".py")) {
                        ZipEntry entry = new ZipEntry(file.getKey());
                        entry.setTime(0); // the same package gives the same bytes, and so the same digest
                        zip.putNextEntry(entry);
                        zip.write(file.getValue());
                        zip.closeEntry();
                    }
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        private static byte[] sha256(byte[] data) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(data);
            }
            catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }
}
