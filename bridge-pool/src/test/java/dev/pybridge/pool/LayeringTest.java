package dev.pybridge.pool;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The pool adds its policies to core's engine, and reaches no other part of core's inside. Its
 * own helpers are package-private classes beside its API: an internal package would form a cycle
 * with the API it implements.
 */
@AnalyzeClasses(packages = "dev.pybridge.pool", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule packagesFormNoCycles = slices().matching("dev.pybridge.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule reachesCoresInsideThroughTheEngineAlone = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("dev.pybridge.core.internal", "dev.pybridge.core.internal.worker..", "dev.pybridge.core.internal.protocol..",
                    "dev.pybridge.core.internal.time..");

    @ArchTest
    static final ArchRule hasNoPackageButItsApi = classes().should().resideInAPackage("dev.pybridge.pool");

    @ArchTest
    static final ArchRule guiceStaysOptional = noClasses().that().doNotHaveFullyQualifiedName(PoolModule.class.getName())
            .should().dependOnClassesThat().resideInAPackage("com.google.inject..");
}
