package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.adapters.gp.GpSystem;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.server.support.Documents;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.MeshStandIn;
import org.safeguarding.gateway.server.support.Tokens;
import org.safeguarding.gateway.security.audit.AuditRecord;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The demo GP practice's system takes GP Connect Send Document (its directory entry says so for these tests): minutes for a
 * plan whose core group includes it reach its MESH mailbox as the ITK3 message a GP system reads (HAPI's strict STU3
 * parser, through the adapter's test {@link GpSystem}), addressed to the child's registered practice; the system's ITK3
 * answers move the sender's status on, and a refusal or a non-delivery report fails the copy and tells the sender.
 * Compiled only while adapters/gp exists (gateway/server's gp-adapter profile).
 */
class GpConnectIT extends GatewayIntegrationTest {

    private static final String PLAN = "DER-CPP-0001";
    private static final String CHILD = "9997709144";
    private static final String GP = "gp-derby-central";
    private static final String GP_MAILBOX = "X26GPD01";
    private static final byte[] PDF = "%PDF-1.4\n% synthetic conference minutes for a GP Connect test\n%%EOF\n".getBytes(StandardCharsets.UTF_8);

    @Autowired
    AgencyDirectory agencies;

    @Autowired
    AuditTrail audit;

    private Agency asSeeded;

    @BeforeEach
    void theGpSystemTakesGpConnect() {
        asSeeded = agencies.find(GP).orElseThrow();
        Agency.MeshAddress mesh = asSeeded.mesh();
        agencies.save(new Agency(asSeeded.id(), asSeeded.type(), asSeeded.name(), asSeeded.postcodeAreas(), asSeeded.officePhone(),
                asSeeded.outOfHoursPhone(), asSeeded.certificatePem(), asSeeded.pushUrl(),
                new Agency.MeshAddress(mesh.mailbox(), mesh.workflowId(), true)));
        MESH.registeredPractice(CHILD, GP_MAILBOX);
    }

    @AfterEach
    void asSeeded() {
        agencies.save(asSeeded);
    }

    @Test
    void minutesReachTheGpRecordAsAGpConnectMessageAndItsAnswersMoveTheSendersStatus() {
        String document = Documents.sent(api, "conference-minutes", PLAN, CHILD, "minutes.pdf", "application/pdf", PDF);
        String copy = copyFor(document);
        assertThat(status(document)).as("queued until the GP system says it has it").isEqualTo("queued");

        MeshStandIn.Message sent = await().atMost(Duration.ofSeconds(15)).until(() -> meshCopy(copy), Optional::isPresent).get();
        assertThat(sent.from()).isEqualTo(MESH_MAILBOX);
        assertThat(sent.workflowId()).isEqualTo("GPCONNECT_SEND_DOCUMENT");
        assertThat(MESH.addressedAs(sent.id())).as("the child's registered practice").isEqualTo("GPPROVIDER_9997709144_20190412_Ashdown");

        GpSystem.Received received = GpSystem.read(sent.body());
        assertThat(received.headerId()).isEqualTo(copy);
        assertThat(received.binaryContentType()).isEqualTo("application/pdf");
        assertThat(received.binary()).as("the very PDF social care uploaded").isEqualTo(PDF);
        assertThat(received.nhsNumber()).isEqualTo(CHILD);
        assertThat(received.birthDate()).isEqualTo(LocalDate.of(2019, 4, 12));
        assertThat(received.familyName()).isEqualTo("Ashdown");
        assertThat(received.sourceEndpoint()).isEqualTo(MESH_MAILBOX);
        assertThat(received.handling()).containsEntry("BusAckRequested", "true").containsEntry("InfAckRequested", "true")
                .containsEntry("RecipientType", "FA").containsKey("SenderReference")
                .hasEntrySatisfying("MessageDefinition", d -> assertThat(d).endsWith("ITK-GPConnectSendDocument-MessageDefinition-1"));
        assertThat(records(copy)).as("every record of the copy says it went without CMS")
                .filteredOn(r -> r.entry().action().equals("deliver") || r.entry().action().equals("mesh")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(r -> assertThat(r.entry().reason()).contains("MESH's transport protection only"));

        answer(received, "20013", "Success");
        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(status(document)));
        answer(received, "30001", "Success");
        await().atMost(Duration.ofSeconds(10)).until(() -> "acknowledged".equals(status(document)));
        await().atMost(Duration.ofSeconds(5)).until(() -> MESH.inbox(MESH_MAILBOX).isEmpty());
        assertThat(records(copy)).filteredOn(r -> r.entry().action().equals("mesh")).extracting(r -> r.entry().outcome())
                .containsExactlyInAnyOrder("sent", "delivered", "acknowledged");
    }

    @Test
    void aNegativeItkCodeFailsTheCopyShowsTheCodeAndTellsTheSenderOnce() {
        String document = Documents.sent(api, "conference-minutes", PLAN, CHILD, "minutes.pdf", "application/pdf", PDF, GP);
        String copy = copyFor(document);
        GpSystem.Received received = GpSystem.read(await().atMost(Duration.ofSeconds(15)).until(() -> meshCopy(copy), Optional::isPresent)
                .get().body());

        answer(received, "10001", "Patient not registered at this practice");
        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(status(document)));
        assertThat(delivery(document).get("failure").asString()).contains("10001").contains("Patient not registered");
        List<JsonNode> told = await().atMost(Duration.ofSeconds(10)).until(() -> escalations(document), m -> !m.isEmpty());
        assertThat(told).singleElement().satisfies(m -> assertThat(m.get("summary").asString()).contains("Not delivered").contains(GP)
                .contains("10001"));

        answer(received, "10001", "Patient not registered at this practice");
        await().atMost(Duration.ofSeconds(5)).until(() -> MESH.inbox(MESH_MAILBOX).isEmpty());
        assertThat(escalations(document)).as("told once").hasSize(1);
    }

    @Test
    void aNonDeliveryReportFailsTheCopyAndTellsTheSender() {
        String document = Documents.minutesSent(api, PLAN, CHILD, GP);
        String copy = copyFor(document);
        MeshStandIn.Message sent = await().atMost(Duration.ofSeconds(15)).until(() -> meshCopy(copy), Optional::isPresent).get();
        assertThat(GpSystem.read(sent.body()).binaryContentType()).as("text minutes go to the GP record as a PDF").isEqualTo("application/pdf");
        await().atMost(Duration.ofSeconds(10)).until(() -> records(copy).stream().anyMatch(r -> r.entry().outcome().equals("sent")));

        MESH.nonDeliveryReport(sent.id(), "14", "Message not collected by recipient after 5 days");
        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(status(document)));
        assertThat(delivery(document).get("failure").asString()).contains("non-delivery report, code 14");
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> escalations(document), m -> !m.isEmpty())).hasSize(1);
    }

    private void answer(GpSystem.Received received, String code, String display) {
        MESH.deliver(GP_MAILBOX, MESH_MAILBOX, "GPCONNECT_SEND_DOCUMENT_ACK", "application/fhir+json",
                GpSystem.response(received.headerId(), received.senderReference(), code, display, GP_MAILBOX));
    }

    private Optional<MeshStandIn.Message> meshCopy(String copy) {
        return MESH.inbox(GP_MAILBOX).stream().filter(m -> (copy + ".json").equals(m.fileName())).findFirst();
    }

    /** The GP's copy of the document, by its id in the GP's inbox. */
    private String copyFor(String document) {
        JsonNode messages = api.get("/api/v1/inbox?type=document&size=200", Tokens.user("gp.derby")).json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false).filter(m -> document.equals(m.get("reference").asString()))
                .map(m -> m.get("id").asString()).findFirst().orElseThrow();
    }

    private JsonNode delivery(String document) {
        JsonNode deliveries = api.get("/api/v1/documents/" + document, Tokens.user("sw.derby")).json().get("deliveries");
        return StreamSupport.stream(deliveries.spliterator(), false).filter(d -> d.get("recipient").asString().equals(GP)).findFirst()
                .orElseThrow();
    }

    private String status(String document) {
        return delivery(document).get("status").asString();
    }

    private List<JsonNode> escalations(String document) {
        JsonNode messages = api.get("/api/v1/inbox?type=escalation&size=200", Tokens.user("sw.derby")).json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false).filter(m -> document.equals(m.get("reference").asString())).toList();
    }

    private List<AuditRecord> records(String copy) {
        return audit.latest(2000).stream().filter(r -> r.entry().reason() != null && r.entry().reason().contains(copy)).toList();
    }
}
