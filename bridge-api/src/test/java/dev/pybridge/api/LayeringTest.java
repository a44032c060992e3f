package dev.pybridge.api;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The API depends on the JDK only, so that code that merely calls a bridge needs nothing else. */
@AnalyzeClasses(packages = "dev.pybridge.api", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule dependsOnTheJdkOnly = classes().should().onlyDependOnClassesThat()
            .resideInAnyPackage("dev.pybridge.api..", "java..");

    @ArchTest
    static final ArchRule packagesFormNoCycles = slices().matching("dev.pybridge.(**)").should().beFreeOfCycles();
}
