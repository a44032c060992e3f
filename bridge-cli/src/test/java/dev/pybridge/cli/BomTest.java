package dev.pybridge.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The BOM manages every published module of the reactor, at the reactor's version, and nothing else. */
class BomTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    // Modules that are not published as libraries: the benchmarks, the worker's sources (inside bridge-core's jar), the examples.
    private static final Set<String> UNPUBLISHED = Set.of("bridge-bench", "python", "bridge-bom", "examples");

    @Test
    void managesEveryPublishedModuleAtTheReactorsVersion() throws IOException {
        String root = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("bridge-bom/pom.xml"));

        Set<String> published = new TreeSet<>(all(root, "<module>([^<]+)</module>"));
        published.removeAll(UNPUBLISHED);
        Set<String> managed = new TreeSet<>(all(bom, "<artifactId>(bridge-[^<]+)</artifactId>"));
        managed.remove("bridge-bom");

        assertEquals(published, managed);
        assertEquals(first(root, "<artifactId>pybridge-parent</artifactId>\\s*<version>([^<]+)</version>"),
                first(bom, "<artifactId>bridge-bom</artifactId>\\s*<version>([^<]+)</version>"));
        assertFalse(bom.contains("<parent>"), "the BOM must not inherit the build's dependency management");
    }

    @Test
    void pinsItsPluginsAtTheParentsVersions() throws IOException {
        String root = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("bridge-bom/pom.xml"));
        List<String> plugins = all(bom, "<artifactId>(maven-[a-z-]+-plugin)</artifactId>");
        assertFalse(plugins.isEmpty());
        for (String plugin : plugins) {
            String version = "<artifactId>" + plugin + "</artifactId>\\s*<version>([^<]+)</version>";
            assertEquals(first(root, version), first(bom, version), plugin);
        }
    }

    private static List<String> all(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1).trim());
        }
        return found;
    }

    private static String first(String text, String regex) {
        List<String> found = all(text, regex);
        assertFalse(found.isEmpty(), "no match for " + regex);
        return found.get(0);
    }
}
