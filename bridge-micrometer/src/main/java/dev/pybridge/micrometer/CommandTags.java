package dev.pybridge.micrometer;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the command tag's values few, since command names are the caller's strings: a command
 * keeps its own tag when it is on the allow-list, or, without one, when it is among the first
 * {@code max} commands seen; any other is tagged {@value #OTHER}.
 */
final class CommandTags {

    static final String OTHER = "other";

    private final Set<String> tagged = ConcurrentHashMap.newKeySet();
    private final int max;
    private volatile boolean full;

    private CommandTags(Collection<String> allowed, int max) {
        tagged.addAll(allowed);
        this.max = max;
        this.full = tagged.size() >= max;
    }

    /** Only {@code commands} keep their own tag. */
    static CommandTags allowing(Set<String> commands) {
        return new CommandTags(commands, commands.size());
    }

    /** The first {@code max} commands seen keep their own tag. */
    static CommandTags firstSeen(int max) {
        return new CommandTags(Set.of(), max);
    }

    String tag(String command) {
        if (tagged.contains(command)) {
            return command;
        }
        if (!full) {
            synchronized (this) {
                if (tagged.size() < max) {
                    tagged.add(command);
                    return command;
                }
                full = true;
            }
        }
        return OTHER;
    }
}
