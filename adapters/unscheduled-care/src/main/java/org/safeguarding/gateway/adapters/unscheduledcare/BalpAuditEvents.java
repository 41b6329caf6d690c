package org.safeguarding.gateway.adapters.unscheduledcare;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditRecord;

/**
 * One record of the audit trail as a FHIR R4 AuditEvent shaped after IHE's Basic Audit Log Patterns (BALP).
 *
 * <p>A caller's search about a child is a PatientQuery, a read a PatientRead, a write a PatientCreate, PatientUpdate
 * or PatientDelete; without an NHS number the same pattern without the patient entity (Query, Read, ...). BALP's
 * profiles describe successful events only, so a denied or failed event keeps the shape but claims no profile, and
 * so does what is not a RESTful interaction (authentication failures, the gateway's own deliveries and routing).
 *
 * <p>Agents: the user first (requestor), then the client (the calling organisation's system, known by its org id),
 * then the server (this gateway). Entities: the child first, then the query or the resource touched, the caller's
 * TraceID as BALP's transaction entity, and last the trail record (sequence and hashes) so that an auditor can tie
 * the event back to the hash chain.
 */
public final class BalpAuditEvents {

    public static final String PROFILE_PREFIX = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.";
    public static final String AUDIT_RECORD_SYSTEM = "https://safeguarding-gateway.example/Id/audit-record";
    public static final String RESOURCE_SYSTEM = "https://safeguarding-gateway.example/Id/resource";
    public static final String USER_SYSTEM = "https://safeguarding-gateway.example/Id/user";
    /** The gateway's own action codes (Action.code() and the system entries' actions), as a second subtype. */
    public static final String ACTION_SYSTEM = "https://safeguarding-gateway.example/CodeSystem/audit-action";
    public static final String GATEWAY = "safeguarding-gateway";

    static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
    static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String BALP_ENTITY_TYPE = "https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    static final String OUTCOME = "http://terminology.hl7.org/CodeSystem/audit-event-outcome";

    private static final Coding SOURCE_ROLE = new Coding(DICOM, "110153", "Source Role ID");
    private static final Coding DESTINATION_ROLE = new Coding(DICOM, "110152", "Destination Role ID");
    private static final Coding APPLICATION = new Coding(DICOM, "110150", "Application");
    private static final Coding RECIPIENT = new Coding(PARTICIPATION, "IRCP", "information recipient");
    private static final Coding AUTHOR = new Coding(PARTICIPATION, "AUT", "author (originator)");

    /** How BALP sees each of the caller's actions. */
    enum Interaction {
        QUERY("Query", "search-type", "search type", AuditEventAction.E, SOURCE_ROLE, DESTINATION_ROLE, RECIPIENT),
        /** BALP's Read has the data flow from server to client: the server is the source, the client the destination. */
        READ("Read", "read", "read", AuditEventAction.R, DESTINATION_ROLE, SOURCE_ROLE, RECIPIENT),
        CREATE("Create", "create", "create", AuditEventAction.C, SOURCE_ROLE, DESTINATION_ROLE, AUTHOR),
        UPDATE("Update", "update", "update", AuditEventAction.U, SOURCE_ROLE, DESTINATION_ROLE, AUTHOR),
        DELETE("Delete", "delete", "delete", AuditEventAction.D, SOURCE_ROLE, DESTINATION_ROLE, AUTHOR),
        /** An operation that no BALP profile covers (an audit-trail check, a delivery re-run). */
        OPERATION(null, "operation", "operation", AuditEventAction.E, SOURCE_ROLE, DESTINATION_ROLE, RECIPIENT);

        final String profile;
        final Coding subtype;
        final AuditEventAction action;
        final Coding clientType;
        final Coding serverType;
        final Coding userType;

        Interaction(String profile, String code, String display, AuditEventAction action, Coding clientType,
                Coding serverType, Coding userType) {
            this.profile = profile;
            this.subtype = new Coding(INTERACTION, code, display);
            this.action = action;
            this.clientType = clientType;
            this.serverType = serverType;
            this.userType = userType;
        }
    }

    private static final Map<String, Interaction> INTERACTIONS = Map.ofEntries(
            Map.entry(Action.CP_LOOKUP.code(), Interaction.QUERY),
            Map.entry(Action.CP_LOOKUP_SILENT.code(), Interaction.QUERY),
            Map.entry(Action.ACCESS_HISTORY_READ.code(), Interaction.QUERY),
            Map.entry(Action.AUDIT_READ.code(), Interaction.QUERY),
            Map.entry(Action.INDICATORS_READ.code(), Interaction.READ),
            Map.entry(Action.INBOX_READ.code(), Interaction.READ),
            Map.entry(Action.DOCUMENT_STATUS_READ.code(), Interaction.READ),
            Map.entry(Action.DV_READ.code(), Interaction.READ),
            Map.entry(Action.DOCUMENT_SEND.code(), Interaction.CREATE),
            Map.entry(Action.DV_SUBMIT.code(), Interaction.CREATE),
            Map.entry(Action.PLAN_WRITE.code(), Interaction.UPDATE),
            Map.entry(Action.PLAN_TRANSFER_IN.code(), Interaction.UPDATE),
            Map.entry(Action.INBOX_ACKNOWLEDGE.code(), Interaction.UPDATE),
            Map.entry(Action.DV_OUTCOME.code(), Interaction.UPDATE),
            Map.entry(Action.PLAN_DELETE.code(), Interaction.DELETE));

    /** The trail's outcome words: decisions (allowed, denied) and the gateway's own events (delivered, failed, ...). */
    private static final Map<String, AuditEventOutcome> OUTCOMES = Map.of(
            AuditEntry.ALLOWED, AuditEventOutcome._0,
            "delivered", AuditEventOutcome._0,
            "routed", AuditEventOutcome._0,
            // a console session the identity provider ended (back-channel logout): done as asked
            "ended", AuditEventOutcome._0,
            AuditEntry.DENIED, AuditEventOutcome._4,
            "not-sent", AuditEventOutcome._4,
            "unroutable", AuditEventOutcome._4,
            "overdue", AuditEventOutcome._4,
            "failed", AuditEventOutcome._8);

    /** The subject of {@link AuditEntry#system}: the gateway acting on its own behalf. */
    private static final String SYSTEM_SUBJECT = "gateway";

    private BalpAuditEvents() {}

    public static AuditEvent toAuditEvent(AuditRecord record) {
        AuditEntry entry = record.entry();
        AuditEvent event = new AuditEvent();
        event.setId("audit-" + record.seq());
        event.setRecorded(Date.from(record.time()));
        outcome(event, entry);
        event.getSource().setObserver(new Reference().setDisplay(GATEWAY))
                .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));

        if (SYSTEM_SUBJECT.equals(entry.subject())) {
            systemEvent(event, entry);
        } else if (isCallerEvent(entry)) {
            callerEvent(event, entry, INTERACTIONS.getOrDefault(entry.action(), Interaction.OPERATION));
        } else {
            authenticationEvent(event, entry);
        }
        event.addSubtype(new Coding(ACTION_SYSTEM, entry.action(), null));
        trailRecord(event, record);
        return event;
    }

    /** A verified caller's request (not the gateway's own event, not a failed authentication): it has a person. */
    static boolean isCallerEvent(AuditEntry entry) {
        return !SYSTEM_SUBJECT.equals(entry.subject()) && !Action.AUTHENTICATE.code().equals(entry.action());
    }

    private static void callerEvent(AuditEvent event, AuditEntry entry, Interaction interaction) {
        boolean success = event.getOutcome() == AuditEventOutcome._0;
        if (success && interaction.profile != null) {
            event.getMeta().addProfile(PROFILE_PREFIX + (entry.nhsNumber() != null ? "Patient" : "") + interaction.profile);
        }
        event.setType(new Coding(EVENT_TYPE, "rest", "Restful Operation"));
        event.addSubtype(interaction.subtype.copy());
        event.setAction(interaction.action);
        user(event, entry, interaction.userType);
        // the person also as the PractitionerRole an access history's _include brings (CP-IS's "who looked")
        event.getAgentFirstRep().getWho().setReference(Viewers.reference(entry).getReference());
        client(event, entry, interaction.clientType);
        server(event, interaction.serverType);
        patient(event, entry);
        if (interaction == Interaction.QUERY) {
            query(event, entry);
        } else {
            data(event, entry);
        }
        transaction(event, entry);
    }

    /** A request that failed authentication: no RESTful interaction took place, so no BALP profile. */
    private static void authenticationEvent(AuditEvent event, AuditEntry entry) {
        event.setType(new Coding(DICOM, "110114", "User Authentication"));
        event.addSubtype(new Coding(DICOM, "110122", "Login"));
        event.setAction(AuditEventAction.E);
        user(event, entry, RECIPIENT);
        client(event, entry, SOURCE_ROLE);
        server(event, DESTINATION_ROLE);
        data(event, entry);
        transaction(event, entry);
    }

    /** A delivery, a push, an escalation, DV routing, a demo load: the gateway acts alone; no BALP profile fits. */
    private static void systemEvent(AuditEvent event, AuditEntry entry) {
        boolean load = entry.action().endsWith("-load");
        event.setType(load ? new Coding(DICOM, "110107", "Import") : new Coding(DICOM, "110106", "Export"));
        event.setAction(load ? AuditEventAction.C : AuditEventAction.E);
        event.addAgent().setType(new CodeableConcept(APPLICATION)).setRequestor(true)
                .setWho(new Reference().setDisplay(GATEWAY))
                .getNetwork().setAddress(GATEWAY).setType(AuditEventAgentNetworkType._1);
        patient(event, entry);
        data(event, entry);
    }

    private static void outcome(AuditEvent event, AuditEntry entry) {
        AuditEventOutcome outcome = OUTCOMES.getOrDefault(entry.outcome(), AuditEventOutcome._4);
        event.setOutcome(outcome);
        if (outcome != AuditEventOutcome._0 && entry.reason() != null) {
            event.setOutcomeDesc(AuditEntry.DENIED.equals(entry.outcome()) ? entry.reason() : entry.outcome() + ": " + entry.reason());
        }
    }

    /** The person: the token's subject and username, the token's roles as text. */
    private static void user(AuditEvent event, AuditEntry entry, Coding type) {
        AuditEventAgentComponent user = event.addAgent().setType(new CodeableConcept(type.copy())).setRequestor(true)
                .setWho(new Reference().setIdentifier(new Identifier().setSystem(USER_SYSTEM).setValue(entry.subject())));
        String username = username(entry.subject());
        if (username != null) {
            user.setName(username);
        }
        if (entry.roles() != null && !entry.roles().isBlank()) {
            user.addRole(new CodeableConcept().setText(entry.roles()));
        }
    }

    /** The client system: known to the gateway only by the organisation its token names. */
    private static void client(AuditEvent event, AuditEntry entry, Coding type) {
        Reference who = entry.orgId() == null
                ? new Reference().setDisplay("unidentified client")
                : new Reference().setIdentifier(new Identifier().setSystem(CpisFhir.ORG_ID_SYSTEM).setValue(entry.orgId()))
                        .setType("Organization");
        event.addAgent().setType(new CodeableConcept(type.copy())).setRequestor(false).setWho(who);
    }

    private static void server(AuditEvent event, Coding type) {
        event.addAgent().setType(new CodeableConcept(type.copy())).setRequestor(false).setWho(new Reference().setDisplay(GATEWAY))
                .getNetwork().setAddress(GATEWAY).setType(AuditEventAgentNetworkType._1);
    }

    private static void patient(AuditEvent event, AuditEntry entry) {
        if (entry.nhsNumber() != null) {
            event.addEntity()
                    .setType(new Coding(ENTITY_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"))
                    .setWhat(new Reference().setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(entry.nhsNumber()))
                            .setType("Patient"));
        }
    }

    /** The search as BALP wants it: base64 in {@code query}, readable in {@code description}. */
    private static void query(AuditEvent event, AuditEntry entry) {
        String query = queryText(entry);
        event.addEntity()
                .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                .setRole(new Coding(OBJECT_ROLE, "24", "Query"))
                .setDescription(query)
                .setQuery(query.getBytes(StandardCharsets.UTF_8));
    }

    static String queryText(AuditEntry entry) {
        return entry.nhsNumber() != null
                ? "patient:identifier=" + NhsNumber.SYSTEM + "|" + entry.nhsNumber()
                : "resource=" + entry.resource();
    }

    /** The resource read or written, as the trail describes it ({@code plan/P-1}, {@code inbox/la-derby}). */
    private static void data(AuditEvent event, AuditEntry entry) {
        if (entry.resource() != null) {
            event.addEntity()
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"))
                    .setWhat(new Reference().setIdentifier(new Identifier().setSystem(RESOURCE_SYSTEM).setValue(entry.resource())));
        }
    }

    /** The caller's TraceID header: BALP's transaction entity, which carries the request's correlation id. */
    private static void transaction(AuditEvent event, AuditEntry entry) {
        if (entry.traceId() != null && !entry.traceId().isBlank()) {
            event.addEntity()
                    .setType(new Coding(BALP_ENTITY_TYPE, "XrequestId", "transport specific unique identifier"))
                    .setWhat(new Reference().setIdentifier(new Identifier().setValue(entry.traceId())));
        }
    }

    /**
     * The trail's own record: its sequence number and hashes. Typed "Other" rather than "System Object" so that it
     * falls in none of BALP's entity slices (a second System Object would be taken for the query or the data).
     */
    private static void trailRecord(AuditEvent event, AuditRecord record) {
        AuditEventEntityComponent link = event.addEntity()
                .setType(new Coding(ENTITY_TYPE, "4", "Other"))
                .setRole(new Coding(OBJECT_ROLE, "13", "Security Resource"))
                .setWhat(new Reference().setIdentifier(new Identifier().setSystem(AUDIT_RECORD_SYSTEM)
                        .setValue(Long.toString(record.seq()))));
        if (record.hash() != null) {
            link.addDetail().setType("hash").setValue(new StringType(record.hash()));
        }
        if (record.previousHash() != null) {
            link.addDetail().setType("previousHash").setValue(new StringType(record.previousHash()));
        }
    }

    /** {@code "<sub> (<username>)"} as {@link AuditEntry#decision} writes it; null for any other form. */
    static String username(String subject) {
        if (subject == null || !subject.endsWith(")")) {
            return null;
        }
        int open = subject.lastIndexOf(" (");
        return open < 0 ? null : subject.substring(open + 2, subject.length() - 1);
    }
}
