package dev.pybridge.testkit.fake;

import dev.pybridge.testkit.Fault;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The faults a fake worker is given, asked at each step: at start-up, and before each request.
 * The faults that count or slow "calls" ({@link Fault.CrashAfterCalls}, {@link Fault.FloodStderr},
 * {@link Fault.SlowAnswers}) leave alone the requests a bridge sends for its own upkeep
 * ({@link #HOUSEKEEPING}: health checks, memory readings, cancels, stops, freeing sessions), so
 * that what a test sees does not depend on when those happen to run. The faults that name a
 * command apply to that command, whichever it is.
 */
final class FaultPlan {

    /** The requests that are not calls: the bridge sends them on its own. */
    static final Set<String> HOUSEKEEPING = Set.of("ping", "stats", "cancel", "shutdown", "session.close");

    /** What a worker does with a request instead of serving it. */
    enum Misbehaviour { NONE, CRASH, FORK_AND_DIE, HANG, GARBAGE }

    private final List<Fault> faults;

    FaultPlan(List<Fault> faults) {
        this.faults = List.copyOf(faults);
    }

    List<Fault> faults() {
        return faults;
    }

    boolean diesDuringStartup() {
        return faults.stream().anyMatch(Fault.DieDuringStartup.class::isInstance);
    }

    boolean crashesAfterReady() {
        return faults.stream().anyMatch(Fault.CrashAfterReady.class::isInstance);
    }

    /**
     * What to do with a request for {@code command}, which is the worker's call number
     * {@code call} (counted from 1), or 0 when it is housekeeping.
     */
    Misbehaviour on(String command, int call) {
        for (Fault fault : faults) {
            Misbehaviour misbehaviour = misbehaviour(fault, command, call);
            if (misbehaviour != Misbehaviour.NONE) {
                return misbehaviour;
            }
        }
        return Misbehaviour.NONE;
    }

    private static Misbehaviour misbehaviour(Fault fault, String command, int call) {
        if (fault instanceof Fault.CrashOnCommand crashOn && crashOn.command().equals(command)
                || fault instanceof Fault.CrashAfterCalls crashAfter && call > 0 && call > crashAfter.calls()) {
            return Misbehaviour.CRASH;
        }
        if (fault instanceof Fault.ForkChildAndDie fork && fork.command().equals(command)) {
            return Misbehaviour.FORK_AND_DIE;
        }
        if (fault instanceof Fault.HangOnCommand hang && hang.command().equals(command)) {
            return Misbehaviour.HANG;
        }
        if (fault instanceof Fault.GarbageOnCommand garbage && garbage.command().equals(command)) {
            return Misbehaviour.GARBAGE;
        }
        return Misbehaviour.NONE;
    }

    /** How many lines each call writes to stderr. */
    int stderrLinesPerCall() {
        return faults.stream().filter(Fault.FloodStderr.class::isInstance).mapToInt(fault -> ((Fault.FloodStderr) fault).lines()).sum();
    }

    /** How much longer each call takes to answer. */
    Duration delayPerCall() {
        return faults.stream().filter(Fault.SlowAnswers.class::isInstance).map(fault -> ((Fault.SlowAnswers) fault).delay())
                .reduce(Duration.ZERO, Duration::plus);
    }
}
