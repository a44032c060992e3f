package dev.pybridge.testkit.fake;

import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.RestartPolicy;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PooledBridge;

import java.time.Duration;
import java.util.Set;

/** The two bridges the fake workers are tested under: the real single bridge and a real pool of two. */
enum Topology {
    SINGLE {
        @Override
        PythonBridge open(FakeWorkerLauncher launcher, BridgeConfig config) {
            return new SingleProcessBridge(config, launcher);
        }
    },
    POOL_OF_TWO {
        @Override
        PythonBridge open(FakeWorkerLauncher launcher, BridgeConfig config) {
            return new PooledBridge(PoolConfig.builder().bridge(config).size(2).cancelGrace(Duration.ofMillis(200)).build(),
                    launcher, Set.of());
        }
    };

    /** Quick to give up on a worker, so that the faults' tests take a moment, not the defaults' seconds. */
    static BridgeConfig config() {
        return BridgeConfig.builder()
                .python("bridge-mock")
                .callTimeout(Duration.ofSeconds(20))
                .shutdownGrace(Duration.ofMillis(300))
                .restartPolicy(new RestartPolicy(Duration.ofMillis(5), Duration.ofMillis(20), 3, Duration.ofMinutes(1)))
                .build();
    }

    PythonBridge open(FakeWorkerLauncher launcher) {
        return open(launcher, config());
    }

    abstract PythonBridge open(FakeWorkerLauncher launcher, BridgeConfig config);
}
