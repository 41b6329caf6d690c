package org.safeguarding.gateway.adapters.unscheduledcare;

import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.safeguarding.gateway.adapters.unscheduledcare.PatientIdentifierParameter.PatientSearch;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.lookup.AccessHistory;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Role;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditRecord;
import org.safeguarding.gateway.security.identity.Callers;

/**
 * {@code GET /fhir/AuditEvent?patient:identifier=...[&_include=AuditEvent:entity-type=...|ASSIGNED]}: for clinicians the
 * 25 most recent notifying lookups of a child in CP-IS's shape, for the auditor every event about the child as IHE BALP
 * AuditEvents; with the {@code _include}, each person who looked once as a PractitionerRole.
 */
public class AuditEventProvider implements IResourceProvider {

    private final AccessHistory history;
    private final AgencyDirectory agencies;

    public AuditEventProvider(AccessHistory history, AgencyDirectory agencies) {
        this.history = history;
        this.agencies = agencies;
    }

    @Override
    public Class<AuditEvent> getResourceType() {
        return AuditEvent.class;
    }

    @Search(allowUnknownParams = true)
    public Bundle search(HttpServletRequest request, RequestDetails details) {
        PatientSearch search = PatientIdentifierParameter.read(request, true);
        Caller caller = Callers.current();
        String traceId = RequestHeaders.traceId(request);
        boolean auditor = caller.has(Role.AUDITOR);
        List<AuditRecord> records = FhirErrors.answering(() -> auditor
                ? history.everythingAbout(caller, search.nhsNumber(), traceId)
                : history.recentLookups(caller, search.nhsNumber(), traceId));
        List<AuditEvent> events = records.stream()
                .map(auditor ? BalpAuditEvents::toAuditEvent : CpisAccessHistory::accessEvent).toList();
        return SearchBundles.searchset(details, events, search.includeViewers() ? viewers(records) : List.of());
    }

    /** Each person who looked, once: the PractitionerRoles the events' user agents reference. */
    private List<PractitionerRole> viewers(List<AuditRecord> records) {
        Function<String, String> organisationName = orgId -> agencies.find(orgId).map(Agency::name).orElse(orgId);
        Map<String, PractitionerRole> byId = new LinkedHashMap<>();
        for (AuditRecord record : records) {
            AuditEntry entry = record.entry();
            if (BalpAuditEvents.isCallerEvent(entry)) {
                byId.computeIfAbsent(Viewers.roleId(entry), id -> Viewers.practitionerRole(entry, organisationName));
            }
        }
        return List.copyOf(byId.values());
    }
}
