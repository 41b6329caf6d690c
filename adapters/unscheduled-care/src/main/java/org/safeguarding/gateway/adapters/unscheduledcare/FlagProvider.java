package org.safeguarding.gateway.adapters.unscheduledcare;

import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Flag;
import org.safeguarding.gateway.core.lookup.CpLookup;
import org.safeguarding.gateway.core.lookup.PlanStatus;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.security.identity.Callers;

/** {@code GET /fhir/Flag?patient:identifier=...}: the same facts as CareTeam, as alerts for EPRs that raise flags. */
public class FlagProvider implements IResourceProvider {

    private static final String FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category";

    private final CpLookup lookup;

    public FlagProvider(CpLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public Class<Flag> getResourceType() {
        return Flag.class;
    }

    @Search(allowUnknownParams = true)
    public Bundle search(HttpServletRequest request, RequestDetails details) {
        String nhs = PatientIdentifierParameter.nhsNumberFrom(request);
        return SearchBundles.searchset(details, FhirErrors.answering(() -> lookup.lookup(Callers.current(), nhs,
                RequestHeaders.notifying(request), RequestHeaders.traceId(request)))
                .plans().stream().map(FlagProvider::flag).toList());
    }

    static Flag flag(PlanStatus status) {
        Plan plan = status.plan();
        Flag flag = new Flag();
        flag.setId(plan.planId());
        flag.addIdentifier(CpisFhir.planIdentifier(plan));
        flag.setStatus(status.active() ? Flag.FlagStatus.ACTIVE : Flag.FlagStatus.INACTIVE);
        flag.addCategory(new CodeableConcept(new Coding(FLAG_CATEGORY, "safety", "Safety")));
        CodeableConcept code = CpisFhir.planType(plan.type());
        code.setText(plan.type().display() + " (" + (status.active() ? "active" : "ended " + plan.endDate()) + "): contact "
                + status.authorityName() + " on " + status.officePhone()
                + (status.outOfHoursPhone() == null ? "" : ", out of hours " + status.outOfHoursPhone()));
        flag.setCode(code);
        flag.setSubject(CpisFhir.subject(plan));
        flag.setPeriod(CpisFhir.period(plan));
        flag.addContained(CpisFhir.responsibleAuthority(status));
        flag.getAuthor().setReference(CpisFhir.AUTHORITY_REF);
        return flag;
    }
}
