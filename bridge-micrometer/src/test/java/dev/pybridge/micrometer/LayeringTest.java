package dev.pybridge.micrometer;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.regex.Pattern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The binder sees the bridges as their users do: through their public events and counters, never
 * through core's inside. Its helpers are package-private classes beside its API.
 */
@AnalyzeClasses(packages = "dev.pybridge.micrometer", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule packagesFormNoCycles = slices().matching("dev.pybridge.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule reachesNoInternalPackage = noClasses().should().dependOnClassesThat().resideInAPackage("dev.pybridge..internal..");

    @ArchTest
    static final ArchRule hasNoPackageButItsApi = classes().should().resideInAPackage("dev.pybridge.micrometer");

    @ArchTest
    static final ArchRule guiceStaysOptional = noClasses().that().haveNameNotMatching(Pattern.quote(PyBridgeMetricsModule.class.getName()) + "(\\$.*)?")
            .should().dependOnClassesThat().resideInAPackage("com.google.inject..");
}
