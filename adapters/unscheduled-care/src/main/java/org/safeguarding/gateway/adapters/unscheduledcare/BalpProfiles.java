package org.safeguarding.gateway.adapters.unscheduledcare;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The gateway's own rendering of the BALP profiles its AuditEvents claim (under {@code balp/} on the classpath), with
 * the official canonical URLs, since the IHE package itself is not reachable from the build; and the validation support
 * that checks an AuditEvent against base R4 and the profile it claims.
 *
 * <p>For tests and tools: hapi-fhir-validation is an optional dependency of this module, so a caller brings its own
 * (with hapi-fhir-validation-resources-r4 and a cache such as hapi-fhir-caching-caffeine).
 */
public final class BalpProfiles {

    /** The conformance resources: the profiles, the value sets they bind to, BALP's entity-type code system. */
    static final List<String> NAMES = List.of(
            "IHE.BasicAudit.Query", "IHE.BasicAudit.PatientQuery",
            "IHE.BasicAudit.Read", "IHE.BasicAudit.PatientRead",
            "IHE.BasicAudit.Create", "IHE.BasicAudit.PatientCreate",
            "IHE.BasicAudit.Update", "IHE.BasicAudit.PatientUpdate",
            "IHE.BasicAudit.Delete", "IHE.BasicAudit.PatientDelete",
            "ValueSet-RestObjectRoles", "ValueSet-DataSources", "CodeSystem-BasicAuditEntityType");

    private BalpProfiles() {}

    /**
     * Base R4 (structures and the terminology HAPI knows in memory) with these profiles, snapshots generated on demand:
     * for {@code new FhirInstanceValidator(BalpProfiles.validationSupport(fhir))}.
     */
    public static IValidationSupport validationSupport(FhirContext fhir) {
        PrePopulatedValidationSupport balp = new PrePopulatedValidationSupport(fhir);
        NAMES.forEach(name -> balp.addResource(load(fhir, "/balp/" + name + ".json")));
        return new ValidationSupportChain(new DefaultProfileValidationSupport(fhir), balp,
                new SnapshotGeneratingValidationSupport(fhir), new InMemoryTerminologyServerValidationSupport(fhir),
                new CommonCodeSystemsTerminologyService(fhir));
    }

    private static IBaseResource load(FhirContext fhir, String path) {
        try (InputStream in = BalpProfiles.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no " + path + " on the classpath");
            }
            return fhir.newJsonParser().parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
