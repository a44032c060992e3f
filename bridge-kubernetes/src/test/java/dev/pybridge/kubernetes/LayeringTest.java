package dev.pybridge.kubernetes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The launcher sees core as every launcher author does, through its launcher SPI, never through
 * core's inside; fabric8 stays behind it: the public types show none of its classes.
 */
@AnalyzeClasses(packages = "dev.pybridge.kubernetes", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule reachesNoInternalPackage = noClasses().should().dependOnClassesThat().resideInAPackage("dev.pybridge..internal..");

    @ArchTest
    static final ArchRule hasNoPackageButItsApi = classes().should().resideInAPackage("dev.pybridge.kubernetes");

    @ArchTest
    static final ArchRule showsOnlyTheLauncherAndItsProvider = classes().that().arePublic().and().areTopLevelClasses().should()
            .haveSimpleName("KubernetesLauncher").orShould().haveSimpleName("KubernetesLauncherProvider");
}
