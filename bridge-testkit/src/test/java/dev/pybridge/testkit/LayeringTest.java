package dev.pybridge.testkit;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** What downstream suites import reaches no module's inside. */
@AnalyzeClasses(packages = "dev.pybridge.testkit", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule usesThePublicApiOnly = noClasses().should().dependOnClassesThat().resideInAPackage("dev.pybridge..internal..");

    @ArchTest
    static final ArchRule faultsNeedNoTestFramework = noClasses().that().resideInAPackage("dev.pybridge.testkit.faults..")
            .should().dependOnClassesThat().resideInAnyPackage("org.junit..", "net.jqwik..");

    @ArchTest
    static final ArchRule arbitrariesNeedNoJUnit = noClasses().that().resideInAPackage("dev.pybridge.testkit.jqwik..")
            .should().dependOnClassesThat().resideInAPackage("org.junit..");

    @ArchTest
    static final ArchRule theMockLayerAndTheContractsNeedNoWorker = noClasses()
            .that().resideInAnyPackage("dev.pybridge.testkit.mock..", "dev.pybridge.testkit.contract..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.pybridge.core..", "dev.pybridge.pool..", "dev.pybridge.jsr223..");
}
