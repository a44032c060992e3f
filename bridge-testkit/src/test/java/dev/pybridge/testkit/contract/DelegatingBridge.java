package dev.pybridge.testkit.contract;

import dev.pybridge.api.Call;
import dev.pybridge.api.PythonBridge;

import java.util.concurrent.CompletableFuture;

/** A bridge that passes everything to another: the base of the broken subjects, which each change one thing. */
class DelegatingBridge implements PythonBridge {

    final PythonBridge delegate;

    DelegatingBridge(PythonBridge delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<Object> submit(Call call) {
        return delegate.submit(call);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
