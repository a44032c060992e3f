package dev.pybridge.testkit;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pins what the testkit shows the suites that import it. */
class ModuleDescriptorTest {

    private final ModuleDescriptor module = NoProcessLeftBehind.class.getModule().getDescriptor();

    @Test
    void exportsItsOnePackageAndRegistersNothing() {
        assertNotNull(module, "tests must run on the module path");
        assertEquals(Set.of("dev.pybridge.testkit", "dev.pybridge.testkit.faults", "dev.pybridge.testkit.jqwik"), module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(module.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified));
        assertTrue(module.opens().isEmpty());
        assertTrue(module.provides().isEmpty(), "no extension or engine is registered behind a downstream suite's back");
    }
}
