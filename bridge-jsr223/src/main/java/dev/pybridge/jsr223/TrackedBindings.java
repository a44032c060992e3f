package dev.pybridge.jsr223;

import javax.script.Bindings;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The engine's own bindings ({@link PythonScriptEngine#createBindings()} and every engine's
 * ENGINE_SCOPE): a map that numbers each put and remove, so that an eval asks for the names changed
 * since the version it last sent instead of reading every binding. Keys follow
 * {@link javax.script.SimpleBindings}' rules. Puts and removes may come from any thread; iterating
 * while another thread changes the map is as unsafe as with a {@code HashMap}.
 */
final class TrackedBindings extends AbstractMap<String, Object> implements Bindings {

    private final Map<String, Object> values = new HashMap<>();
    // Each name's latest change, both ways: changedSince reads a tail of `changes` alone.
    private final Map<String, Long> changedAt = new HashMap<>();
    private final NavigableMap<Long, String> changes = new TreeMap<>();
    private long version;

    /** The number of the latest change; 0 before any. */
    synchronized long version() {
        return version;
    }

    /** The names put or removed after change {@code since}, each with the number of its latest change, oldest first. */
    synchronized Map<String, Long> changedSince(long since) {
        Map<String, Long> changed = new LinkedHashMap<>();
        changes.tailMap(since, false).forEach((number, name) -> changed.put(name, number));
        return changed;
    }

    @Override
    public synchronized Object put(String name, Object value) {
        checkKey(name);
        touched(name);
        return values.put(name, value);
    }

    /** Puts {@code value} and returns the number of the change, so that the engine knows the puts that were its own. */
    synchronized long putNumbered(String name, Object value) {
        put(name, value);
        return version;
    }

    @Override
    public synchronized Object remove(Object key) {
        checkKey(key);
        if (!values.containsKey(key)) {
            return null;
        }
        touched((String) key);
        return values.remove(key);
    }

    @Override
    public synchronized void putAll(Map<? extends String, ? extends Object> toMerge) {
        toMerge.forEach(this::put);
    }

    @Override
    public synchronized void clear() {
        values.keySet().forEach(this::touched);
        values.clear();
    }

    @Override
    public synchronized Object get(Object key) {
        checkKey(key);
        return values.get(key);
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        checkKey(key);
        return values.containsKey(key);
    }

    @Override
    public synchronized int size() {
        return values.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new Entries();
    }

    private void touched(String name) {
        version++;
        Long before = changedAt.put(name, version);
        if (before != null) {
            changes.remove(before);
        }
        changes.put(version, name);
    }

    // As SimpleBindings checks them.
    private static void checkKey(Object key) {
        if (key == null) {
            throw new NullPointerException("key can not be null");
        }
        if (!(key instanceof String name)) {
            throw new ClassCastException("key should be a String");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("key can not be empty");
        }
    }

    /** A view whose removals and {@code setValue} count as changes, so that no change escapes the count. */
    private final class Entries extends AbstractSet<Entry<String, Object>> {

        @Override
        public Iterator<Entry<String, Object>> iterator() {
            Iterator<Entry<String, Object>> entries = values.entrySet().iterator();
            return new Iterator<>() {
                private Entry<String, Object> current;

                @Override
                public boolean hasNext() {
                    return entries.hasNext();
                }

                @Override
                public Entry<String, Object> next() {
                    current = entries.next();
                    return new TrackedEntry(current);
                }

                @Override
                public void remove() {
                    synchronized (TrackedBindings.this) {
                        entries.remove();
                        touched(current.getKey());
                    }
                }
            };
        }

        @Override
        public int size() {
            return TrackedBindings.this.size();
        }
    }

    private final class TrackedEntry extends SimpleEntry<String, Object> {

        private final Entry<String, Object> entry;

        TrackedEntry(Entry<String, Object> entry) {
            super(entry);
            this.entry = entry;
        }

        @Override
        public Object setValue(Object value) {
            synchronized (TrackedBindings.this) {
                touched(entry.getKey());
                super.setValue(value);
                return entry.setValue(value);
            }
        }
    }
}
