package dev.pybridge.testkit.fake;

import dev.pybridge.core.launch.LaunchSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The worker options of a launch (python/PROTOCOL.md, "Start-up") that a fake worker heeds:
 * {@code --worker-id}, {@code --max-frame-bytes}, {@code --threads} and {@code --extension}.
 * The others ({@code --run-id}, {@code --parent-pid}) concern a process, which a fake is not.
 */
record WorkerOptions(String workerId, int maxFrameBytes, int threads, List<String> extensions) {

    private static final int DEFAULT_MAX_FRAME_BYTES = 64 << 20;

    WorkerOptions {
        extensions = List.copyOf(extensions);
    }

    /**
     * The options {@code spec} gives.
     *
     * @throws IllegalArgumentException for a value the real worker would refuse too
     */
    static WorkerOptions of(LaunchSpec spec) {
        String workerId = spec.workerId();
        int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        int threads = 1;
        List<String> extensions = new ArrayList<>();
        List<String> arguments = spec.workerArguments();
        for (int i = 0; i + 1 < arguments.size(); i++) {
            String value = arguments.get(i + 1);
            switch (arguments.get(i)) {
                case "--worker-id" -> workerId = value;
                case "--max-frame-bytes" -> maxFrameBytes = number("--max-frame-bytes", value, 1024);
                case "--threads" -> threads = number("--threads", value, 1);
                case "--extension" -> extensions.add(value);
                default -> {
                    continue;
                }
            }
            i++;
        }
        return new WorkerOptions(workerId, maxFrameBytes, threads, extensions);
    }

    private static int number(String option, String value, int least) {
        try {
            int number = Integer.parseInt(value);
            if (number >= least) {
                return number;
            }
        }
        catch (NumberFormatException e) {
            // Reported below with the other bad values.
        }
        throw new IllegalArgumentException("worker option " + option + " needs an integer of at least " + least + ": '" + value + "'");
    }
}
