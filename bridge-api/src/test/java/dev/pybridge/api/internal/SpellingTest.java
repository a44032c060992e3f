package dev.pybridge.api.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpellingTest {

    @Test
    void countsInsertionsDeletionsSubstitutionsAndSwaps() {
        assertEquals(0, Spelling.distance("python", "python"));
        assertEquals(1, Spelling.distance("pyton", "python"));
        assertEquals(1, Spelling.distance("pythonn", "python"));
        assertEquals(1, Spelling.distance("pithon", "python"));
        assertEquals(1, Spelling.distance("pyhton", "python"));
        assertEquals(6, Spelling.distance("", "python"));
        assertEquals(3, Spelling.distance("kitten", "sitting"));
    }

    @Test
    void suggestsOnlyAWordThatIsClose() {
        List<String> known = List.of("api-key", "pool.size", "python");
        assertEquals(Optional.of("python"), Spelling.nearest("pyhton", known));
        assertEquals(Optional.of("api-key"), Spelling.nearest("API_KEY", known));
        assertEquals(Optional.of("pool.size"), Spelling.nearest("pool_sz", known));
        assertEquals(Optional.empty(), Spelling.nearest("size", known));
        assertEquals(Optional.empty(), Spelling.nearest("workers", known));
        assertEquals(Optional.empty(), Spelling.nearest("x".repeat(1_000_000), known));
    }

    @Test
    void toleratesMoreEditsInLongerWords() {
        assertEquals(1, Spelling.tolerance("lm"));
        assertEquals(2, Spelling.tolerance("python"));
        assertEquals(3, Spelling.tolerance("call-timeout"));
        assertEquals(3, Spelling.tolerance("a-very-long-property-name"));
    }

    @Test
    void prefersTheFirstOnATie() {
        assertEquals(Optional.of("ab"), Spelling.nearest("aa", List.of("ab", "ba")));
    }
}
