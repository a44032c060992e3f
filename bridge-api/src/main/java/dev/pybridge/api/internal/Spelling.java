package dev.pybridge.api.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known word a misspelt one was meant to be, by Damerau-Levenshtein distance (the
 * optimal string alignment form: insertions, deletions, substitutions and swaps of neighbours).
 * A word only a few edits away is suggested; one further away is not, since a far-fetched
 * suggestion misleads more than none.
 */
public final class Spelling {

    private Spelling() {
    }

    /** The closest of {@code known} to {@code word}, ignoring case, if it is close enough; the first in order on a tie. */
    public static Optional<String> nearest(String word, Collection<String> known) {
        String lower = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            if (Math.abs(lower.length() - candidate.length()) > tolerance(candidate)) {
                continue; // the distance is at least the difference in length; this also spares a huge table
            }
            int distance = distance(lower, candidate);
            if (distance <= tolerance(candidate) && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** One edit for a short word, one more for every four letters, three at most. */
    static int tolerance(String candidate) {
        return Math.min(3, 1 + candidate.length() / 4);
    }

    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
