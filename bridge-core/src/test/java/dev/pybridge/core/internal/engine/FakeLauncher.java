package dev.pybridge.core.internal.engine;

import dev.pybridge.core.launch.LaunchSpec;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Launches {@link FakeWorker}s, each with the behaviour the test gives for it, and keeps them for the test to steer. */
final class FakeLauncher implements WorkerLauncher {

    private final Function<Integer, Function<FakeWorker.Request, FakeWorker.Action>> behaviors;
    private final List<FakeWorker> launched = new CopyOnWriteArrayList<>();

    /** @param behaviors the behaviour of the n-th worker launched (0 for the first) */
    FakeLauncher(Function<Integer, Function<FakeWorker.Request, FakeWorker.Action>> behaviors) {
        this.behaviors = behaviors;
    }

    /** Every worker answers at once with the request's {@code value} or {@code code} argument, or its command's name. */
    static FakeLauncher echoing() {
        return new FakeLauncher(index -> FakeLauncher::echo);
    }

    static FakeWorker.Action echo(FakeWorker.Request request) {
        Object value = request.args().containsKey("value") ? request.args().get("value") : request.args().get("code");
        return new FakeWorker.Answer(value != null ? value : request.command());
    }

    @Override
    public WorkerProcess launch(LaunchSpec spec) {
        FakeWorker worker = new FakeWorker(900_000 + launched.size(), behaviors.apply(launched.size()));
        launched.add(worker);
        return worker;
    }

    List<FakeWorker> launched() {
        return List.copyOf(launched);
    }

    FakeWorker get(int index) {
        return launched.get(index);
    }
}
