package org.safeguarding.gateway.adapters.unscheduledcare;

import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.server.IResourceProvider;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.safeguarding.gateway.core.lookup.AccessHistory;
import org.safeguarding.gateway.security.audit.AuditRecord;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Role;
import org.safeguarding.gateway.security.identity.Callers;

/** {@code GET /fhir/AuditEvent?patient:identifier=...}: the 25 most recent notifying lookups of a child. */
public class AuditEventProvider implements IResourceProvider {

    private final AccessHistory history;

    public AuditEventProvider(AccessHistory history) {
        this.history = history;
    }

    @Override
    public Class<AuditEvent> getResourceType() {
        return AuditEvent.class;
    }

    @Search(allowUnknownParams = true)
    public List<AuditEvent> search(HttpServletRequest request) {
        String nhs = PatientIdentifierParameter.nhsNumberFrom(request);
        Caller caller = Callers.current();
        String traceId = RequestHeaders.traceId(request);
        // the auditor's export of a child's trail in BALP shapes; everyone else the CP-IS access history
        return FhirErrors.answering(() -> caller.has(Role.AUDITOR) ? history.everythingAbout(caller, nhs, traceId)
                        : history.recentLookups(caller, nhs, traceId))
                .stream().map(AuditEventProvider::auditEvent).toList();
    }

    /** One trail record as an IHE BALP-shaped AuditEvent (a PatientQuery for these lookups). */
    static AuditEvent auditEvent(AuditRecord record) {
        return BalpAuditEvents.toAuditEvent(record);
    }
}
