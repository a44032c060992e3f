package dev.pybridge.jsr223;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The script engine works over any PythonBridge: of core's inside it uses the value encoding alone. */
@AnalyzeClasses(packages = "dev.pybridge.jsr223", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule reachesCoresInsideForTheEncodingAlone = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("dev.pybridge.core.internal", "dev.pybridge.core.internal.engine..", "dev.pybridge.core.internal.worker..",
                    "dev.pybridge.core.internal.time..");

    @ArchTest
    static final ArchRule knowsNoPool = noClasses().should().dependOnClassesThat().resideInAPackage("dev.pybridge.pool..");
}
