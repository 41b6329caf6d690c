package org.safeguarding.gateway.adapters.unscheduledcare;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Reference;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.security.audit.AuditRecord;

/**
 * A lookup in a child's access history as CP-IS's guide shapes it: an ISO 21089 access event, the child as the
 * {@code PAT} agent, the viewer as the {@code ASSIGNED} agent and the observer, both referencing the viewer's
 * PractitionerRole. Everything the BALP rendering has (the client and server agents, the query, the TraceID, the
 * trail record) stays as an addition; the BALP profile is not claimed, since its event type is not CP-IS's.
 */
final class CpisAccessHistory {

    static final String LIFECYCLE_SYSTEM = "http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle";

    private CpisAccessHistory() {}

    static AuditEvent accessEvent(AuditRecord record) {
        AuditEvent event = BalpAuditEvents.toAuditEvent(record);
        event.setMeta(new Meta());
        event.setType(new Coding(LIFECYCLE_SYSTEM, "access", "Access/View Record Lifecycle Event"));

        AuditEventAgentComponent child = new AuditEventAgentComponent()
                .setType(new CodeableConcept(new Coding(CpisFhir.ROLE_CLASS_SYSTEM, "PAT", "patient")))
                .setWho(new Reference().setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(record.entry().nhsNumber())))
                .setRequestor(false);
        // BALP's first agent is the user; CP-IS types it ASSIGNED, first of its codings so a CP-IS client finds it
        AuditEventAgentComponent viewer = event.getAgentFirstRep();
        viewer.getType().getCoding().add(0, new Coding(CpisFhir.ROLE_CLASS_SYSTEM, "ASSIGNED", "assigned entity"));
        event.getAgent().add(0, child);

        event.getSource().setSite(BalpAuditEvents.GATEWAY).setObserver(Viewers.reference(record.entry()));
        return event;
    }
}
