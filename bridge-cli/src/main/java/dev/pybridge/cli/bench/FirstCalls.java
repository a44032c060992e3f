package dev.pybridge.cli.bench;

/**
 * Medians of a fresh JVM's time to its first reply.
 *
 * @param bridgeMillis from launching a JVM that starts a bridge to its first reply
 * @param floorMillis from launching a JVM that starts the same interpreter with a bare echo loop to its reply
 * @param toLauncherMillis in the bridge's JVM, from {@code main} until the launcher was asked for a worker
 * @param toProcessMillis in the bridge's JVM, from {@code main} until the worker's process had started
 * @param toReplyMillis in the bridge's JVM, from {@code main} until the reply
 */
record FirstCalls(double bridgeMillis, double floorMillis, double toLauncherMillis, double toProcessMillis, double toReplyMillis) {

    double vsFloor() {
        return bridgeMillis / floorMillis;
    }
}
