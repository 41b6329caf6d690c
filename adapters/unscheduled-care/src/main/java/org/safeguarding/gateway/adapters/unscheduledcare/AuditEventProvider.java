package org.safeguarding.gateway.adapters.unscheduledcare;

import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.server.IResourceProvider;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.safeguarding.gateway.core.lookup.AccessHistory;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.security.audit.AuditRecord;
import org.safeguarding.gateway.security.identity.Callers;

/** {@code GET /fhir/AuditEvent?patient:identifier=...}: the 25 most recent notifying lookups of a child. */
public class AuditEventProvider implements IResourceProvider {

    private static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    private static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final String SUBJECT_SYSTEM = "https://safeguarding-gateway.example/Id/user";

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
        return FhirErrors.answering(() -> history.recentLookups(Callers.current(), nhs, RequestHeaders.traceId(request)))
                .stream().map(AuditEventProvider::auditEvent).toList();
    }

    static AuditEvent auditEvent(AuditRecord record) {
        var entry = record.entry();
        AuditEvent event = new AuditEvent();
        event.setId("audit-" + record.seq());
        event.setType(new Coding(EVENT_TYPE, "rest", "RESTful Operation"));
        event.addSubtype(new Coding(INTERACTION, "search-type", "search type"));
        event.setAction(AuditEvent.AuditEventAction.E);
        event.setRecorded(Date.from(record.time()));
        event.setOutcome(AuditEvent.AuditEventOutcome._0);
        event.addAgent()
                .setRequestor(true)
                .setWho(new Reference().setIdentifier(new Identifier().setSystem(SUBJECT_SYSTEM).setValue(entry.subject())))
                .addRole(new CodeableConcept().setText(entry.roles()));
        if (entry.orgId() != null) {
            event.addAgent()
                    .setRequestor(false)
                    .setWho(new Reference().setIdentifier(new Identifier().setSystem(CpisFhir.ORG_ID_SYSTEM).setValue(entry.orgId())));
        }
        event.getSource().setObserver(new Reference().setDisplay("safeguarding-gateway"));
        event.addEntity()
                .setWhat(new Reference().setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(entry.nhsNumber())))
                .setType(new Coding(ENTITY_TYPE, "1", "Person"));
        return event;
    }
}
