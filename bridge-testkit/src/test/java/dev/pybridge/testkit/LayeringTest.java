package dev.pybridge.testkit;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.pybridge.core.program.JacksonOutputReader;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
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
            .should().dependOnClassesThat(resideInAnyPackage("dev.pybridge.core..", "dev.pybridge.pool..", "dev.pybridge.jsr223..")
                    // The mock reads predictions with the real adapter's reader, not a copy of it.
                    .and(not(type(JacksonOutputReader.class))));
}
