package dev.pybridge.testkit.jqwik;

import dev.pybridge.core.launch.LaunchSpec;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;

import java.util.concurrent.atomic.AtomicInteger;

/** Launches {@link FakeWorker}s, all with one behaviour, through the bridge's public launcher seam. */
final class FakeLauncher implements WorkerLauncher {

    private final FakeWorker.Behaviour behaviour;
    private final AtomicInteger launched = new AtomicInteger();

    FakeLauncher(FakeWorker.Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    @Override
    public WorkerProcess launch(LaunchSpec spec) {
        launched.incrementAndGet();
        return new FakeWorker(behaviour);
    }

    int launched() {
        return launched.get();
    }
}
