package dev.pybridge.cli;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI is an application: it exports nothing, and opens its commands to picocli alone. */
class ModuleDescriptorTest {

    private final ModuleDescriptor module = PyBridgeCli.class.getModule().getDescriptor();

    @Test
    void exportsNothingAndOpensItsCommandsToPicocli() {
        assertNotNull(module, "tests must run on the module path");
        assertTrue(module.exports().isEmpty());
        assertEquals(Map.of("dev.pybridge.cli", Set.of("info.picocli"), "dev.pybridge.cli.bench", Set.of("info.picocli"),
                        "dev.pybridge.cli.options", Set.of("info.picocli")),
                module.opens().stream().collect(Collectors.toMap(ModuleDescriptor.Opens::source, ModuleDescriptor.Opens::targets)));
    }
}
