package dev.pybridge.testkit.fake;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A request as the fake worker read it, its arguments decoded (tags undone). */
record Request(long id, String command, Map<String, Object> args, Optional<String> session) {

    Request {
        // Arguments may hold null values, which Map.copyOf refuses.
        args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }
}
