package dev.pybridge.core;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** bridge-core's layering, written down: the public face on top, the engine, the worker, the protocol below. */
@AnalyzeClasses(packages = "dev.pybridge.core", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule packagesFormNoCycles = slices().matching("dev.pybridge.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule internalsNeverReachThePublicFace = noClasses().that().resideInAPackage("dev.pybridge.core.internal..")
            .should().dependOnClassesThat().resideInAPackage("dev.pybridge.core");

    @ArchTest
    static final ArchRule theWorkerKnowsNoEngine = noClasses().that().resideInAPackage("dev.pybridge.core.internal.worker..")
            .should().dependOnClassesThat().resideInAPackage("dev.pybridge.core.internal.engine..");

    @ArchTest
    static final ArchRule theProtocolKnowsNothingAboveIt = noClasses().that().resideInAPackage("dev.pybridge.core.internal.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.pybridge.core.internal.engine..", "dev.pybridge.core.internal.worker..",
                    "dev.pybridge.core.launch..");

    @ArchTest
    static final ArchRule coreKnowsNoModuleAboveIt = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("dev.pybridge.pool..", "dev.pybridge.jsr223..", "dev.pybridge.testkit..", "dev.pybridge.cli..");

    @ArchTest
    static final ArchRule guiceStaysOptional = noClasses().that().doNotHaveFullyQualifiedName(SingleProcessModule.class.getName())
            .should().dependOnClassesThat().resideInAPackage("com.google.inject..");
}
