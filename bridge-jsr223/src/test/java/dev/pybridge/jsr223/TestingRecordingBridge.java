package dev.pybridge.jsr223;

import dev.pybridge.api.Call;
import dev.pybridge.api.PythonBridge;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A bridge that records what each {@code script.eval} sends: the names of its bindings, the globals it deletes. */
final class TestingRecordingBridge implements PythonBridge {

    /** One {@code script.eval} request's bindings, as it went to the worker. */
    record Sent(Set<String> bindings, List<?> unbind, boolean incremental) {}

    private final PythonBridge bridge;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    TestingRecordingBridge(PythonBridge bridge) {
        this.bridge = bridge;
    }

    @Override
    public CompletableFuture<Object> submit(Call call) {
        if (call.command().equals("script.eval")) {
            Map<String, ?> args = call.args();
            sent.add(new Sent(Set.copyOf(((Map<?, ?>) args.get("bindings")).keySet().stream().map(String.class::cast).toList()),
                    args.containsKey("unbind") ? List.copyOf((List<?>) args.get("unbind")) : List.of(),
                    Boolean.TRUE.equals(args.get("incremental"))));
        }
        return bridge.submit(call);
    }

    /** The latest {@code script.eval}'s bindings. */
    Sent last() {
        return sent.get(sent.size() - 1);
    }

    /** The {@code script.eval} requests since the first {@code skip}. */
    List<Sent> since(int skip) {
        return List.copyOf(sent.subList(skip, sent.size()));
    }

    int count() {
        return sent.size();
    }

    @Override
    public void close() {
        // The bridge it wraps belongs to the test.
    }
}
