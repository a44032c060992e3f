package dev.pybridge.core.program;

import dev.pybridge.api.program.LmExchange;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The last LM exchanges of an adapter's programs, whichever worker made them; bounded. */
final class LmHistory {

    private final int capacity;
    private final ArrayDeque<LmExchange> exchanges = new ArrayDeque<>();

    LmHistory(int capacity) {
        this.capacity = capacity;
    }

    synchronized void addAll(Collection<LmExchange> more) {
        for (LmExchange exchange : more) {
            if (exchanges.size() == capacity) {
                exchanges.removeFirst();
            }
            exchanges.addLast(exchange);
        }
    }

    /** The last {@code n}, oldest first. */
    synchronized List<LmExchange> last(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        List<LmExchange> all = new ArrayList<>(exchanges);
        return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    }
}
