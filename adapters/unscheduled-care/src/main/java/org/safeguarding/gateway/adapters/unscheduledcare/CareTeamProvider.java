package org.safeguarding.gateway.adapters.unscheduledcare;

import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.safeguarding.gateway.core.lookup.CpLookup;
import org.safeguarding.gateway.core.lookup.PlanStatus;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.security.identity.Callers;

/** {@code GET /fhir/CareTeam?patient:identifier=...}: one CareTeam per visible plan, in the CP-IS consumer shape. */
public class CareTeamProvider implements IResourceProvider {

    private final CpLookup lookup;

    public CareTeamProvider(CpLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public Class<CareTeam> getResourceType() {
        return CareTeam.class;
    }

    @Search(allowUnknownParams = true)
    public Bundle search(HttpServletRequest request, RequestDetails details) {
        String nhs = PatientIdentifierParameter.nhsNumberFrom(request);
        return SearchBundles.searchset(details, FhirErrors.answering(() -> lookup.lookup(Callers.current(), nhs,
                RequestHeaders.notifying(request), RequestHeaders.traceId(request)))
                .plans().stream().map(CareTeamProvider::careTeam).toList());
    }

    static CareTeam careTeam(PlanStatus status) {
        Plan plan = status.plan();
        CareTeam team = new CareTeam();
        team.setId(plan.planId());
        team.addIdentifier(CpisFhir.planIdentifier(plan));
        team.setStatus(status.active() ? CareTeam.CareTeamStatus.ACTIVE : CareTeam.CareTeamStatus.INACTIVE);
        team.addCategory(CpisFhir.planType(plan.type()));
        // CP-IS: the responsible local authority's name, just that, and its phones on the CareTeam itself
        team.setName(status.authorityName());
        team.setSubject(CpisFhir.subject(plan));
        team.setPeriod(CpisFhir.period(plan));
        team.addContained(CpisFhir.responsibleAuthority(status));
        team.getManagingOrganizationFirstRep().setReference(CpisFhir.AUTHORITY_REF);
        team.addParticipant()
                .addRole(new CodeableConcept().setText("Responsible local authority"))
                .getMember().setReference(CpisFhir.AUTHORITY_REF);
        team.setTelecom(CpisFhir.telecom(status));
        return team;
    }
}
