package dev.pybridge.testkit.contract;

import dev.pybridge.api.program.Adapter;
import dev.pybridge.api.program.AdapterCapabilities;
import dev.pybridge.api.program.AdapterHealth;
import dev.pybridge.api.program.AdapterStats;
import dev.pybridge.api.program.LmConfig;
import dev.pybridge.api.program.LmExchange;
import dev.pybridge.api.program.Prediction;
import dev.pybridge.api.program.ProgramInfo;
import dev.pybridge.api.program.ProgramSpec;
import dev.pybridge.api.program.ProgramState;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** An adapter that passes everything to another: the base of the broken subjects, which each change one thing. */
class DelegatingAdapter implements Adapter {

    final Adapter delegate;

    DelegatingAdapter(Adapter delegate) {
        this.delegate = delegate;
    }

    @Override
    public void configureLm(LmConfig lm) {
        delegate.configureLm(lm);
    }

    @Override
    public ProgramInfo createProgram(ProgramSpec spec) {
        return delegate.createProgram(spec);
    }

    @Override
    public Prediction execute(String programId, Map<String, ?> inputs) {
        return delegate.execute(programId, inputs);
    }

    @Override
    public CompletableFuture<Prediction> executeAsync(String programId, Map<String, ?> inputs) {
        return delegate.executeAsync(programId, inputs);
    }

    @Override
    public List<Prediction> executeBatch(String programId, List<? extends Map<String, ?>> inputs) {
        return delegate.executeBatch(programId, inputs);
    }

    @Override
    public List<ProgramInfo> listPrograms() {
        return delegate.listPrograms();
    }

    @Override
    public Optional<ProgramInfo> getProgram(String programId) {
        return delegate.getProgram(programId);
    }

    @Override
    public boolean deleteProgram(String programId) {
        return delegate.deleteProgram(programId);
    }

    @Override
    public ProgramState saveProgram(String programId) {
        return delegate.saveProgram(programId);
    }

    @Override
    public ProgramInfo loadProgram(String programId, ProgramState state) {
        return delegate.loadProgram(programId, state);
    }

    @Override
    public List<LmExchange> history(int n) {
        return delegate.history(n);
    }

    @Override
    public AdapterHealth health() {
        return delegate.health();
    }

    @Override
    public AdapterStats stats() {
        return delegate.stats();
    }

    @Override
    public AdapterCapabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
