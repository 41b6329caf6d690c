package org.safeguarding.gateway.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.safeguarding.gateway.adapters.unscheduledcare.BalpProfiles;

/** HAPI's validator over base R4 and the BALP profiles the AuditEvents claim (an unknown claimed profile is an error to it). */
public final class R4Validation {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static FhirValidator validator;

    private R4Validation() {}

    /** No error or fatal message; warnings (e.g. SNOMED CT codes it cannot look up here) are allowed. */
    public static synchronized void assertValid(IBaseResource resource) {
        if (validator == null) {
            validator = FHIR.newValidator().registerValidatorModule(new FhirInstanceValidator(BalpProfiles.validationSupport(FHIR)));
        }
        ValidationResult result = validator.validateWithResult(resource);
        assertThat(result.getMessages())
                .filteredOn(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .as(FHIR.newJsonParser().encodeResourceToString(resource))
                .isEmpty();
    }
}
