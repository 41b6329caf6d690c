package org.safeguarding.gateway.adapters.unscheduledcare;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditRecord;

class BalpAuditEventsTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String NHS = "9990000018";
    private static final String PROFILES = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.";
    private static final String USER = "0b5c7e1a-1111-4222-8333-944455556666 (ae.clinician)";
    private static final Instant TIME = Instant.parse("2026-03-02T10:15:30Z");

    private static FhirValidator validator;

    /** Base R4 and the gateway's BALP profiles, as CpLookupIT validates what the server answers. */
    @BeforeAll
    static void validator() {
        validator = FHIR.newValidator().registerValidatorModule(new FhirInstanceValidator(BalpProfiles.validationSupport(FHIR)));
    }

    @Test
    void aNotifyingLookupIsAPatientQuery() {
        AuditEvent event = map(7, lookup(Action.CP_LOOKUP, AuditEntry.ALLOWED, "TRACE-42"));

        assertValid(event);
        assertThat(profile(event)).isEqualTo(PROFILES + "PatientQuery");
        assertThat(event.getIdPart()).isEqualTo("audit-7");
        assertThat(event.getRecorded()).isEqualTo(java.util.Date.from(TIME));
        assertThat(event.getType().getCode()).isEqualTo("rest");
        assertThat(codes(event.getSubtype())).contains("search-type", "cp-lookup");
        assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.E);
        assertThat(event.getOutcome()).isEqualTo(AuditEventOutcome._0);
        assertThat(event.hasOutcomeDesc()).isFalse();

        AuditEventEntityComponent patient = event.getEntity().get(0);
        assertThat(patient.getType().getCode()).isEqualTo("1");
        assertThat(patient.getRole().getCode()).isEqualTo("1");
        assertThat(patient.getWhat().getIdentifier().getSystem()).isEqualTo(NhsNumber.SYSTEM);
        assertThat(patient.getWhat().getIdentifier().getValue()).isEqualTo(NHS);
        AuditEventEntityComponent query = entity(event, "24");
        assertThat(new String(query.getQuery(), StandardCharsets.UTF_8))
                .isEqualTo("patient:identifier=" + NhsNumber.SYSTEM + "|" + NHS);
        assertThat(event.getEntity()).anySatisfy(e -> {
            assertThat(e.getType().getCode()).isEqualTo("XrequestId");
            assertThat(e.getWhat().getIdentifier().getValue()).isEqualTo("TRACE-42");
        });
        AuditEventEntityComponent link = event.getEntity().get(event.getEntity().size() - 1);
        assertThat(link.getWhat().getIdentifier().getSystem()).isEqualTo(BalpAuditEvents.AUDIT_RECORD_SYSTEM);
        assertThat(link.getWhat().getIdentifier().getValue()).isEqualTo("7");
        assertThat(link.getDetail()).extracting(d -> d.getType() + "=" + d.getValueStringType().getValue())
                .containsExactly("hash=hash-7", "previousHash=hash-6");
    }

    @Test
    void agentsAreTheUserTheClientOrganisationAndTheGateway() {
        AuditEvent event = map(7, lookup(Action.CP_LOOKUP, AuditEntry.ALLOWED, null));

        AuditEventAgentComponent user = event.getAgent().get(0);
        assertThat(user.getRequestor()).isTrue();
        assertThat(user.getWho().getIdentifier().getValue()).isEqualTo(USER);
        assertThat(user.getName()).isEqualTo("ae.clinician");
        assertThat(user.getRoleFirstRep().getText()).isEqualTo("ae-clinician");
        AuditEventAgentComponent client = event.getAgent().get(1);
        assertThat(client.getType().getCodingFirstRep().getCode()).isEqualTo("110153");
        assertThat(client.getWho().getIdentifier().getValue()).isEqualTo("ae-derby-royal");
        AuditEventAgentComponent server = event.getAgent().get(2);
        assertThat(server.getType().getCodingFirstRep().getCode()).isEqualTo("110152");
        assertThat(server.getWho().getDisplay()).isEqualTo("safeguarding-gateway");
        assertThat(event.getSource().getObserver().getDisplay()).isEqualTo("safeguarding-gateway");
        assertThat(event.getSource().getTypeFirstRep().getCode()).isEqualTo("4");
    }

    @Test
    void aSilentLookupIsAPatientQueryTooAndSaysItWasSilent() {
        AuditEvent event = map(8, lookup(Action.CP_LOOKUP_SILENT, AuditEntry.ALLOWED, null));

        assertValid(event);
        assertThat(profile(event)).isEqualTo(PROFILES + "PatientQuery");
        assertThat(codes(event.getSubtype())).contains("search-type", "cp-lookup-silent");
        assertThat(event.getEntity()).noneMatch(e -> e.getType().getCode().equals("XrequestId"));
    }

    @Test
    void aDeniedLookupIsAMinorFailureWithTheReasonAndClaimsNoProfile() {
        AuditEvent event = map(9, lookup(Action.CP_LOOKUP, AuditEntry.DENIED, "TRACE-43"));

        assertValid(event);
        assertThat(event.getMeta().getProfile()).isEmpty();
        assertThat(event.getOutcome()).isEqualTo(AuditEventOutcome._4);
        assertThat(event.getOutcomeDesc()).isEqualTo("DENY: role not allowed");
        assertThat(event.getEntity().get(0).getWhat().getIdentifier().getValue()).isEqualTo(NHS);
    }

    @Test
    void aReadAboutAChildIsAPatientReadWithTheResourceRead() {
        AuditEvent event = map(10, new AuditEntry(USER, "social-worker", "la-derby", Action.DOCUMENT_STATUS_READ.code(),
                "document/P-1", NHS, AuditEntry.ALLOWED, "TRACE-44", "ALLOW: owner"));

        assertValid(event);
        assertThat(profile(event)).isEqualTo(PROFILES + "PatientRead");
        assertThat(codes(event.getSubtype())).contains("read");
        assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
        assertThat(event.getEntity().get(0).getWhat().getIdentifier().getValue()).isEqualTo(NHS);
        assertThat(entity(event, "4").getWhat().getIdentifier().getValue()).isEqualTo("document/P-1");
        assertThat(event.getAgent().get(1).getType().getCodingFirstRep().getCode())
                .as("BALP's read: the client is the destination of the data").isEqualTo("110152");
    }

    @Test
    void aSystemEntryWithoutAChildIsValidR4AndClaimsNoProfile() {
        AuditEvent event = map(11, AuditEntry.system(Action.DV_ROUTE, "dv-notification/N-1", null, "not-sent",
                "school-x has no certificate in the agencies directory"));

        assertValid(event);
        assertThat(event.getMeta().getProfile()).isEmpty();
        assertThat(event.getOutcome()).isEqualTo(AuditEventOutcome._4);
        assertThat(event.getOutcomeDesc()).startsWith("not-sent: ");
        assertThat(event.getEntity()).noneMatch(e -> e.getType().getCode().equals("1"));
        assertThat(event.getAgent()).singleElement().satisfies(a -> assertThat(a.getRequestor()).isTrue());
    }

    /** Every action the policy knows, about a child and not, allowed and denied: valid, and valid against what it claims. */
    @ParameterizedTest
    @MethodSource("everyAction")
    void everyActionMapsToAValidEvent(Action action, String nhs, String outcome) {
        AuditEvent event = map(12, new AuditEntry(USER, "gp", "gp-derby-central", action.code(), "thing/1", nhs, outcome,
                "TRACE-45", "reason"));

        assertValid(event);
        if (!event.getMeta().getProfile().isEmpty()) {
            assertThat(profile(event)).startsWith(PROFILES + (nhs == null ? "" : "Patient"));
        }
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> everyAction() {
        return Arrays.stream(Action.values()).flatMap(a -> Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(a, NHS, AuditEntry.ALLOWED),
                org.junit.jupiter.params.provider.Arguments.of(a, null, AuditEntry.ALLOWED),
                org.junit.jupiter.params.provider.Arguments.of(a, NHS, AuditEntry.DENIED)));
    }

    @Test
    void aPatientQueryWithoutItsPatientFailsTheProfileThoughBaseR4AcceptsIt() {
        AuditEvent event = map(13, lookup(Action.CP_LOOKUP, AuditEntry.ALLOWED, null));
        event.getEntity().remove(0);

        assertThat(baseR4Errors(event)).isEmpty();
        assertThat(errors(event)).anyMatch(e -> e.contains("AuditEvent.entity:patient"));
    }

    @Test
    void aQueryWithoutSubtypeOrWithoutItsQueryFailsTheProfile() {
        AuditEvent noSubtype = map(14, lookup(Action.CP_LOOKUP, AuditEntry.ALLOWED, null));
        noSubtype.getSubtype().clear();
        assertThat(errors(noSubtype)).anyMatch(e -> e.contains("AuditEvent.subtype: minimum required = 1"));

        AuditEvent readSubtype = map(15, lookup(Action.CP_LOOKUP, AuditEntry.ALLOWED, null));
        readSubtype.getSubtype().clear();
        readSubtype.addSubtype(new Coding("http://hl7.org/fhir/restful-interaction", "read", "read"));
        assertThat(errors(readSubtype)).anyMatch(e -> e.contains("balp-query-1"));

        AuditEvent noQuery = map(16, lookup(Action.CP_LOOKUP, AuditEntry.ALLOWED, null));
        entity(noQuery, "24").setQuery(null);
        assertThat(baseR4Errors(noQuery)).isEmpty();
        assertThat(errors(noQuery)).anyMatch(e -> e.contains("AuditEvent.entity:query.query"));
    }

    @Test
    void aPatientReadWithoutTheServerOrWithTheWrongActionFailsTheProfile() {
        AuditEntry read = new AuditEntry(USER, "social-worker", "la-derby", Action.DV_READ.code(), "dv-notification/N-2",
                NHS, AuditEntry.ALLOWED, null, "ALLOW");
        AuditEvent noServer = map(17, read);
        noServer.getAgent().remove(2);
        assertThat(errors(noServer)).anyMatch(e -> e.contains("AuditEvent.agent:server"));

        AuditEvent wrongAction = map(18, read);
        wrongAction.setAction(AuditEvent.AuditEventAction.E);
        assertThat(errors(wrongAction)).anyMatch(e -> e.contains("AuditEvent.action"));
    }

    private static AuditEntry lookup(Action action, String outcome, String traceId) {
        return new AuditEntry(USER, "ae-clinician", "ae-derby-royal", action.code(), "child/" + NHS, NHS, outcome, traceId,
                outcome.equals(AuditEntry.ALLOWED) ? "ALLOW: direct care" : "DENY: role not allowed");
    }

    private static AuditEvent map(long seq, AuditEntry entry) {
        return BalpAuditEvents.toAuditEvent(new AuditRecord(seq, TIME, entry, "hash-" + (seq - 1), "hash-" + seq));
    }

    private static String profile(AuditEvent event) {
        assertThat(event.getMeta().getProfile()).hasSize(1);
        return event.getMeta().getProfile().get(0).getValue();
    }

    private static List<String> codes(List<Coding> codings) {
        return codings.stream().map(Coding::getCode).toList();
    }

    private static AuditEventEntityComponent entity(AuditEvent event, String role) {
        return event.getEntity().stream().filter(e -> role.equals(e.getRole().getCode())).findFirst().orElseThrow();
    }

    /** Valid R4, and valid against the BALP profile it claims. */
    private static void assertValid(AuditEvent event) {
        assertThat(errors(event)).as(FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(event)).isEmpty();
    }

    private static List<String> errors(AuditEvent event) {
        return validator.validateWithResult(event).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(SingleValidationMessage::toString).toList();
    }

    /** The errors of the event claiming no profile: what base R4 alone says of it. */
    private static List<String> baseR4Errors(AuditEvent event) {
        AuditEvent bare = event.copy();
        bare.getMeta().getProfile().clear();
        return errors(bare);
    }
}
