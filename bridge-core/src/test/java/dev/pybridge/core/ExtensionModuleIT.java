package dev.pybridge.core;

import dev.pybridge.testing.TestingPython;
import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user's own worker module, named in the configuration, adds commands that calls reach by name. */
@ExtendWith(NoProcessLeft.class)
class ExtensionModuleIT {

    @TempDir
    Path modules;

    @Test
    void anExtensionsCommandsAreServedBesideTheBuiltInOnes() throws Exception {
        Files.writeString(modules.resolve("scoring.py"), String.join("\n",
                "from pybridge.commands import Command, Required, take_args",
                "",
                "def register(table):",
                "    table.add(Command('scoring.double', _double))",
                "",
                "def _double(ctx, args):",
                "    (n,) = take_args('scoring.double', args, (('n', int, Required),))",
                "    return {'doubled': 2 * n}",
                ""));
        try (SingleProcessBridge python = SingleProcessBridge.start(config("scoring"))) {
            assertEquals(Map.of("doubled", 42L), python.call(Call.of("scoring.double", Map.of("n", 21))));
            assertTrue(python.status().worker().orElseThrow().ready().commands().containsAll(List.of("scoring.double", "echo")));
        }
    }

    @Test
    void anExtensionThatFailsToImportFailsTheStartNamingTheModuleAndShowingItsTraceback() throws Exception {
        Files.writeString(modules.resolve("broken_scoring.py"), "import no_such_scoring_dependency\n");
        BridgeConfigurationException error = assertThrows(BridgeConfigurationException.class,
                () -> SingleProcessBridge.start(config("broken_scoring")).close());
        assertTrue(error.getMessage().contains("could not load an extension module named in BridgeConfig.extensions"), error.getMessage());
        assertTrue(error.getMessage().contains("extension module 'broken_scoring' failed to import"), error.getMessage());
        assertTrue(error.getMessage().contains("No module named 'no_such_scoring_dependency'"), error.getMessage());
    }

    private BridgeConfig config(String extension) {
        return TestingPython.config()
                .python(TestingPython.environment().withVariable("PYTHONPATH", modules.toString()))
                .extensions(extension)
                .build();
    }
}
