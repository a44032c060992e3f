package dev.pybridge.cli;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The CLI is a user of the public API like any other: it reaches no module's inside. */
@AnalyzeClasses(packages = "dev.pybridge.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule usesThePublicApiOnly = noClasses().should().dependOnClassesThat().resideInAPackage("dev.pybridge..internal..");

    @ArchTest
    static final ArchRule packagesFormNoCycles = slices().matching("dev.pybridge.(**)").should().beFreeOfCycles();
}
