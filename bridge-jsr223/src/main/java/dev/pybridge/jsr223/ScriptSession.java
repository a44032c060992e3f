package dev.pybridge.jsr223;

import dev.pybridge.api.Call;
import dev.pybridge.api.error.BridgeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * One engine's session on its bridge: a unique id under which its Python globals, object
 * handles and compiled code live in a worker, and the calls that reach them.
 */
final class ScriptSession {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptSession.class);

    private final String id = "jsr223-" + UUID.randomUUID();
    private final BridgeSource source;
    private volatile boolean used;
    private volatile boolean closed;

    ScriptSession(BridgeSource source) {
        this.source = requireNonNull(source, "source is null");
    }

    String id() {
        return id;
    }

    /** A call of {@code command} in this session. */
    Call call(String command, Map<String, ?> args) {
        return Call.of(command, args).inSession(id);
    }

    /**
     * Sends {@code call}, starting the bridge on first use.
     *
     * @throws IllegalStateException if the session is closed
     */
    Object send(Call call) {
        if (closed) {
            throw new IllegalStateException("this script engine is closed");
        }
        used = true;
        return source.bridge().call(call);
    }

    /** Frees the session's state in the worker; a session that never sent anything starts nothing. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!used) {
            return;
        }
        try {
            source.bridge().call(Call.of("session.close").inSession(id));
        }
        catch (BridgeException e) {
            // The bridge is closed or its worker gone: the session's state went with it.
            LOG.debug("session {} not closed in Python: {}", id, e.getMessage());
        }
    }
}
