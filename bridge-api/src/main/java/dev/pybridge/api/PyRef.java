package dev.pybridge.api;

import static java.util.Objects.requireNonNull;

/**
 * A handle on a Python object that cannot cross as a value (an instance of a class, a set, a
 * function): the object stays in the worker, in the table of the session that returned it, and
 * Java holds its id. Sent back as an argument, the handle is the object again.
 *
 * <p>Only the commands that say so return or accept handles (the script engine's); a handle lives
 * as long as its session on the worker that made it.
 *
 * @param session the session whose table holds the object
 * @param id the object's number in that table, from 1
 * @param type the object's Python class, module-qualified unless a builtin ({@code "__main__.Counter"}, {@code "set"})
 * @since 0.1
 */
public record PyRef(String session, long id, String type) {

    public PyRef {
        requireNonNull(session, "session is null");
        requireNonNull(type, "type is null");
        if (session.isBlank()) {
            throw new IllegalArgumentException("session is blank");
        }
        if (id < 1) {
            throw new IllegalArgumentException("id must be positive: " + id);
        }
    }

    /** Reads like Python's default repr, so that a REPL shows something recognisable. */
    @Override
    public String toString() {
        return "<" + type + " object, ref " + id + " of session " + session + ">";
    }
}
