package org.safeguarding.gateway.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * ARCHITECTURE.md's dependency direction, held by the build: adapters -> gateway core -> security, and the server,
 * which assembles them, names no adapter.
 */
@AnalyzeClasses(packages = "org.safeguarding.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("server").definedBy("org.safeguarding.gateway.server..")
            .layer("adapters").definedBy("org.safeguarding.gateway.adapters..")
            // the console is the people's adapter: pages over the same core services
            .layer("console").definedBy("org.safeguarding.gateway.console..")
            .layer("core").definedBy("org.safeguarding.gateway.core..")
            .layer("security").definedBy("org.safeguarding.gateway.security..")
            .whereLayer("server").mayNotBeAccessedByAnyLayer()
            .whereLayer("adapters").mayNotBeAccessedByAnyLayer()
            .whereLayer("console").mayNotBeAccessedByAnyLayer()
            .whereLayer("core").mayOnlyBeAccessedByLayers("adapters", "console", "server")
            .whereLayer("security").mayOnlyBeAccessedByLayers("core", "adapters", "console", "server");

    /** Each adapter, and the console, brings its own wiring (auto-configuration): deleting one needs no edit in the server. */
    @ArchTest
    static final ArchRule theServerNamesNoAdapter = noClasses().that().resideInAPackage("org.safeguarding.gateway.server..")
            .should().dependOnClassesThat().resideInAnyPackage("org.safeguarding.gateway.adapters..", "org.safeguarding.gateway.console..");

    @ArchTest
    static final ArchRule noAdapterKnowsAnother = slices().matching("org.safeguarding.gateway.adapters.(*)..")
            .should().notDependOnEachOther();

    @ArchTest
    static final ArchRule securityKnowsNeitherCamelNorHttp = noClasses().that().resideInAPackage("org.safeguarding.gateway.security..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "jakarta.servlet..",
                    "org.springframework.web..", "org.springframework.http..", "ca.uhn.fhir..");

    @ArchTest
    static final ArchRule flowsNeverParseAnAgencysWireFormat = noClasses().that().resideInAPackage("org.safeguarding.gateway.core..")
            .should().dependOnClassesThat().resideInAnyPackage("ca.uhn.fhir..", "org.hl7.fhir..", "jakarta.servlet..",
                    "org.springframework.web..");
}
