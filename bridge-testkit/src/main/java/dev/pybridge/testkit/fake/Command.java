package dev.pybridge.testkit.fake;

/** One command of the fake worker: the result of a request, or a {@link WorkerError}. */
@FunctionalInterface
interface Command {

    Object run(Request request);
}
