package dev.pybridge.api.spi;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AdapterPropertyTest {

    @Test
    void keysAreLowercaseWordsJoinedByDotsAndDashes() {
        for (String key : new String[] {"python", "pool.size", "call-timeout", "lm.api-key", "http2.enabled"}) {
            assertEquals(key, AdapterProperty.of(key, "a setting").key());
        }
        for (String key : new String[] {"", " ", "Pool.size", "pool..size", "pool.", ".pool", "pool size", "pool_size", "2pool", "pool-"}) {
            assertEquals("a property key must be lowercase words of letters and digits joined by '.' or '-', "
                    + "such as \"pool.size\" or \"call-timeout\": \"" + key + "\"",
                    assertThrows(IllegalArgumentException.class, () -> AdapterProperty.of(key, "a setting")).getMessage());
        }
    }

    @Test
    void theDescriptionIsNotBlank() {
        assertEquals("the description of property \"python\" is blank",
                assertThrows(IllegalArgumentException.class, () -> AdapterProperty.of("python", " \n")).getMessage());
    }

    @Test
    void theDefaultIsOptional() {
        assertEquals(Optional.empty(), AdapterProperty.of("python", "the interpreter").defaultValue());
        assertEquals(Optional.of(""), AdapterProperty.of("prefix", "put before each name", "").defaultValue());
    }
}
