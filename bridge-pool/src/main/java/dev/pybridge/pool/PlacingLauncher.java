package dev.pybridge.pool;

import dev.pybridge.core.internal.engine.OwnedLauncher;
import dev.pybridge.core.launch.LaunchSpec;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Starts each worker through the placement with the most room: the one furthest below its share of
 * the pool's workers, counting the processes it has running. So a worker that dies is replaced
 * where it ran, and a pool of {@code 2 × local + 4 × ssh} keeps that mix through crashes and
 * recycling. A replacement may start before its predecessor's exit is seen; it then goes to the
 * placement least over its share.
 */
final class PlacingLauncher implements WorkerLauncher {

    private final List<Placed> placements;

    private PlacingLauncher(List<Placed> placements) {
        this.placements = placements;
    }

    /** The launcher of {@code placements}, each launcher made through the catalog, owned (and closed) by the pool. */
    static OwnedLauncher of(List<WorkerPlacement> placements) {
        List<Placed> placed = new ArrayList<>();
        try {
            for (WorkerPlacement placement : placements) {
                placed.add(new Placed(OwnedLauncher.of(placement.launcher()), placement.workers(), new AtomicInteger()));
            }
        }
        catch (RuntimeException e) {
            placed.forEach(made -> made.launcher().close());
            throw e;
        }
        return OwnedLauncher.owning(new PlacingLauncher(List.copyOf(placed)));
    }

    /** Places over {@code launchers}, each with its share of the workers, in order. */
    static PlacingLauncher over(List<? extends WorkerLauncher> launchers, List<Integer> shares) {
        List<Placed> placed = new ArrayList<>();
        for (int i = 0; i < launchers.size(); i++) {
            placed.add(new Placed(launchers.get(i), shares.get(i), new AtomicInteger()));
        }
        return new PlacingLauncher(List.copyOf(placed));
    }

    @Override
    public WorkerProcess launch(LaunchSpec spec) {
        Placed target;
        synchronized (this) {
            target = placements.stream().min(Comparator.comparingDouble(Placed::load)).orElseThrow();
            target.running().incrementAndGet();
        }
        return counted(target, () -> target.launcher().launch(spec));
    }

    // Counted as running from before the launch, so that launches at the same moment spread; uncounted when it ends or fails.
    private static WorkerProcess counted(Placed target, Supplier<WorkerProcess> launch) {
        WorkerProcess process;
        try {
            process = launch.get();
        }
        catch (RuntimeException e) {
            target.running().decrementAndGet();
            throw e;
        }
        process.onExit().whenComplete((code, failure) -> target.running().decrementAndGet());
        return process;
    }

    @Override
    public List<String> hosts() {
        return placements.stream().flatMap(placed -> placed.launcher().hosts().stream()).distinct().toList();
    }

    @Override
    public WorkerProcess launchOn(String host, LaunchSpec spec) {
        Placed target = placements.stream().filter(placed -> placed.launcher().hosts().contains(host)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no placement starts workers on " + host + "; the hosts are " + hosts()));
        target.running().incrementAndGet();
        return counted(target, () -> target.launcher().launchOn(host, spec));
    }

    @Override
    public void sweepOrphans() {
        placements.forEach(placed -> placed.launcher().sweepOrphans());
    }

    @Override
    public void close() {
        placements.forEach(placed -> placed.launcher().close());
    }

    @Override
    public String toString() {
        return "PlacingLauncher" + placements.stream().map(p -> p.launcher() + " x " + p.share()).toList();
    }

    /** One placement's launcher, its share of the workers, and how many of its processes run. */
    private record Placed(WorkerLauncher launcher, int share, AtomicInteger running) {

        double load() {
            return (double) running.get() / share;
        }
    }
}
