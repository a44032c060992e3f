package dev.pybridge.testkit.contract;

import dev.pybridge.api.Call;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.error.BridgeInterruptedException;
import dev.pybridge.api.program.Adapter;
import dev.pybridge.api.program.AdapterCapabilities;
import dev.pybridge.api.program.AdapterFeature;
import dev.pybridge.api.program.LmConfig;
import dev.pybridge.api.program.LmExchange;
import dev.pybridge.api.program.Prediction;
import dev.pybridge.testkit.mock.MockAdapter;
import dev.pybridge.testkit.mock.MockBridge;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The mock layer, each broken in one way the contracts must notice; run by {@link ContractSelfTest}. */
final class BrokenSubjects {

    private BrokenSubjects() {}

    /** A bridge contract over a mock bridge that {@code wrap} breaks. */
    abstract static class BrokenBridgeContract implements PythonBridgeContract<PythonBridge> {

        abstract PythonBridge wrap(MockBridge bridge);

        @Override
        public PythonBridge createBridge() {
            return wrap(MockBridge.builder().hanging("sleep").build());
        }

        @Override
        public boolean runsPython() {
            return false;
        }

        @Override
        public Optional<Call> slowCall() {
            return Optional.of(Call.of("sleep"));
        }
    }

    /** Echo turns every value into its text. */
    @ExtendWith(SelfTestOnly.class)
    static class EchoAsText extends BrokenBridgeContract {
        @Override
        PythonBridge wrap(MockBridge bridge) {
            return new DelegatingBridge(bridge) {
                @Override
                public CompletableFuture<Object> submit(Call call) {
                    return delegate.submit(call).thenApply(value -> call.command().equals("echo") && value != null ? String.valueOf(value) : value);
                }
            };
        }
    }

    /** Closing does nothing. */
    @ExtendWith(SelfTestOnly.class)
    static class NeverCloses extends BrokenBridgeContract {
        @Override
        PythonBridge wrap(MockBridge bridge) {
            return new DelegatingBridge(bridge) {
                @Override
                public void close() {
                }
            };
        }
    }

    /** An interrupted caller loses its interrupt flag. */
    @ExtendWith(SelfTestOnly.class)
    static class ClearsTheInterrupt extends BrokenBridgeContract {
        @Override
        PythonBridge wrap(MockBridge bridge) {
            return new DelegatingBridge(bridge) {
                @Override
                public Object call(Call call) {
                    try {
                        return delegate.call(call);
                    }
                    catch (BridgeInterruptedException e) {
                        Thread.interrupted();
                        throw e;
                    }
                }
            };
        }
    }

    /** An adapter contract over a mock adapter that {@code wrap} breaks. */
    abstract static class BrokenAdapterContract implements AdapterContract<Adapter> {

        abstract Adapter wrap(MockAdapter adapter);

        @Override
        public Adapter createAdapter() {
            return wrap(MockAdapter.create());
        }

        @Override
        public LmConfig lm() {
            return LmConfig.of("mock/broken");
        }
    }

    /** A batch comes back last input first. */
    @ExtendWith(SelfTestOnly.class)
    static class ReversedBatch extends BrokenAdapterContract {
        @Override
        Adapter wrap(MockAdapter adapter) {
            return new DelegatingAdapter(adapter) {
                @Override
                public List<Prediction> executeBatch(String programId, List<? extends Map<String, ?>> inputs) {
                    List<Prediction> predictions = new ArrayList<>(delegate.executeBatch(programId, inputs));
                    Collections.reverse(predictions);
                    return predictions;
                }
            };
        }
    }

    /** History is claimed and never kept. */
    @ExtendWith(SelfTestOnly.class)
    static class ForgetsItsHistory extends BrokenAdapterContract {
        @Override
        Adapter wrap(MockAdapter adapter) {
            return new DelegatingAdapter(adapter) {
                @Override
                public List<LmExchange> history(int n) {
                    return List.of();
                }
            };
        }
    }

    /** Persistence is not claimed: its test must be skipped, not passed. */
    @ExtendWith(SelfTestOnly.class)
    static class WithoutPersistence extends BrokenAdapterContract {
        @Override
        Adapter wrap(MockAdapter adapter) {
            return new DelegatingAdapter(adapter) {
                @Override
                public AdapterCapabilities capabilities() {
                    EnumSet<AdapterFeature> features = EnumSet.copyOf(delegate.capabilities().features());
                    features.remove(AdapterFeature.PERSISTENCE);
                    return new AdapterCapabilities(delegate.capabilities().moduleKinds(), features);
                }
            };
        }
    }
}
