package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Incidents;
import org.safeguarding.gateway.server.support.MeshStandIn;
import org.safeguarding.gateway.server.support.OpenSsl;
import org.safeguarding.gateway.server.support.Tokens;
import org.safeguarding.gateway.security.audit.AuditRecord;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Copies to agencies' NHS MESH mailboxes, through the MESH stand-in (MESH.md's behaviour, real HTTP and HMAC tokens) with
 * the real broker, database and CMS: a DV notice reaches the local authority's mailbox as the envelope OpenSSL opens; a
 * non-delivery report fails the copy and tells its sender at once; MESH down is retried, dead-lettered, re-run by an
 * operator and then delivered exactly once; and whatever arrives in the gateway's own mailbox is acknowledged there.
 */
class MeshIT extends GatewayIntegrationTest {

    private static final String CHILD = "9993828963";
    private static final String LA_MAILBOX = "X26DER01";

    @Autowired
    AuditTrail audit;

    @Test
    void aDvNoticeForAnAuthorityWithAMeshMailboxArrivesThereAsTheEnvelopeOpenSslOpens() throws Exception {
        String id = Incidents.notifiedFor(api, CHILD);
        String copy = await().atMost(Duration.ofSeconds(15)).until(() -> copyOf("sw.derby", "dv-notification", id), Optional::isPresent).get();

        MeshStandIn.Message sent = await().atMost(Duration.ofSeconds(15)).until(() -> meshCopy(copy), Optional::isPresent).get();
        assertThat(sent.from()).isEqualTo(MESH_MAILBOX);
        assertThat(sent.workflowId()).isEqualTo("SAFEGUARDING_COPY");
        assertThat(sent.contentType()).startsWith("application/pkcs7-mime");
        assertThat(sent.body()).as("the very envelope the LA's inbox holds")
                .isEqualTo(api.bytes("/api/v1/inbox/" + copy + "/content", Tokens.user("sw.derby")));

        Path agency = dataDirectory().resolve("agencies").resolve("la-derby");
        Path work = Files.createDirectories(dataDirectory().resolve("openssl-mesh"));
        OpenSsl.Result opened = OpenSsl.decryptAndVerify(sent.body(), agency.resolve("cert.pem"), agency.resolve("key.pem"),
                dataDirectory().resolve("gateway-ca.pem"), work);
        assertThat(opened.exitCode()).as(opened.errors()).isZero();
        assertThat(new String(opened.output(), StandardCharsets.UTF_8)).contains(id).contains(CHILD);

        await().atMost(Duration.ofSeconds(10)).until(() -> records(copy).stream().anyMatch(r -> r.entry().outcome().equals("sent")));
        assertThat(records(copy)).filteredOn(r -> r.entry().action().equals("mesh")).singleElement()
                .satisfies(r -> assertThat(r.entry().reason()).contains("MESH mailbox of la-derby").contains("as its CMS envelope"));
        assertThat(laStatus(id)).as("a CMS copy is delivered once it is in the inbox, as before").isEqualTo("delivered");
    }

    @Test
    void aNonDeliveryReportFailsTheCopyAndTellsItsSenderOnce() {
        String id = Incidents.notifiedFor(api, CHILD);
        String copy = await().atMost(Duration.ofSeconds(15)).until(() -> copyOf("sw.derby", "dv-notification", id), Optional::isPresent).get();
        MeshStandIn.Message sent = await().atMost(Duration.ofSeconds(15)).until(() -> meshCopy(copy), Optional::isPresent).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> records(copy).stream().anyMatch(r -> r.entry().outcome().equals("sent")));

        MESH.nonDeliveryReport(sent.id(), "14", "Message not collected by recipient after 5 days");

        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(laStatus(id)));
        List<JsonNode> told = await().atMost(Duration.ofSeconds(10))
                .until(() -> messages("police.derbyshire", "escalation", id), m -> !m.isEmpty());
        assertThat(told).singleElement().satisfies(m -> assertThat(m.get("summary").asString())
                .contains("Not delivered").contains("la-derby").contains("non-delivery report, code 14"));
        await().atMost(Duration.ofSeconds(5)).until(() -> MESH.inbox(MESH_MAILBOX).isEmpty());

        // the same report again (MESH resending it, or a crash before the acknowledgement): nothing more
        MESH.nonDeliveryReport(sent.id(), "14", "Message not collected by recipient after 5 days");
        await().atMost(Duration.ofSeconds(5)).until(() -> MESH.inbox(MESH_MAILBOX).isEmpty());
        assertThat(messages("police.derbyshire", "escalation", id)).hasSize(1);
        assertThat(records(copy)).filteredOn(r -> r.entry().action().equals("mesh") && r.entry().outcome().equals("failed")).hasSize(1);
    }

    @Test
    void meshDownIsRetriedThenDeadLetteredThenAnOperatorsReRunDeliversItOnce() {
        MESH.down(true);
        String id;
        String copy;
        int before = MESH.sent();
        try {
            id = Incidents.notifiedFor(api, CHILD);
            copy = await().atMost(Duration.ofSeconds(15)).until(() -> copyOf("sw.derby", "dv-notification", id), Optional::isPresent).get();
            await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(laStatus(id)));
            assertThat(failedDeliveries()).anySatisfy(d -> {
                assertThat(d.get("id").asString()).isEqualTo(copy);
                assertThat(d.get("lastError").asString()).contains("MESH");
            });
        } finally {
            MESH.down(false);
        }
        assertThat(meshCopy(copy)).as("MESH never took it").isEmpty();

        assertThat(api.post("/api/v1/admin/deliveries/" + copy + "/retry", Tokens.user("sw.derby"), "").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/admin/deliveries/" + copy + "/retry", Tokens.user("ops"), "").status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(15)).until(() -> meshCopy(copy).isPresent());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> countMeshCopies(copy) == 1);
        assertThat(MESH.sent() - before).as("the stand-in took the copy once").isGreaterThanOrEqualTo(1);
        assertThat(laStatus(id)).isEqualTo("delivered");
        assertThat(api.post("/api/v1/admin/deliveries/" + copy + "/retry", Tokens.user("ops"), "").status())
                .as("a delivered copy is not re-run").isEqualTo(409);
    }

    @Test
    void aMessageThatAnswersNoCopyIsRecordedAndAcknowledgedSoTheMailboxDoesNotFill() {
        String stray = MESH.deliver("X26GPD01", MESH_MAILBOX, "SOME_OTHER_WORKFLOW", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> MESH.inbox(MESH_MAILBOX).stream().noneMatch(m -> m.id().equals(stray)));
        assertThat(records("mesh/" + stray)).singleElement().satisfies(r -> assertThat(r.entry().outcome()).isEqualTo("ignored"));
    }

    private Optional<MeshStandIn.Message> meshCopy(String copy) {
        return MESH.inbox(LA_MAILBOX).stream().filter(m -> copy.equals(m.localId())).findFirst();
    }

    private long countMeshCopies(String copy) {
        return MESH.inbox(LA_MAILBOX).stream().filter(m -> copy.equals(m.localId())).count();
    }

    private Optional<String> copyOf(String user, String type, String reference) {
        return messages(user, type, reference).stream().map(m -> m.get("id").asString()).findFirst();
    }

    private List<JsonNode> messages(String user, String type, String reference) {
        JsonNode messages = api.get("/api/v1/inbox?type=" + type + "&size=200", Tokens.user(user)).json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false).filter(m -> reference.equals(m.get("reference").asString())).toList();
    }

    private String laStatus(String notification) {
        JsonNode deliveries = api.get("/api/v1/dv-notifications/" + notification, Tokens.user("police.derbyshire")).json().get("deliveries");
        return StreamSupport.stream(deliveries.spliterator(), false).filter(d -> d.get("recipient").asString().equals("la-derby"))
                .map(d -> d.get("status").asString()).findFirst().orElseThrow();
    }

    private List<JsonNode> failedDeliveries() {
        JsonNode failed = api.get("/api/v1/admin/deliveries?status=failed", Tokens.user("ops")).json().get("deliveries");
        return StreamSupport.stream(failed.spliterator(), false).toList();
    }

    /** The audit records whose resource or reason names this copy. */
    private List<AuditRecord> records(String copyOrResource) {
        return audit.latest(2000).stream().filter(r -> copyOrResource.equals(r.entry().resource())
                || (r.entry().reason() != null && r.entry().reason().contains(copyOrResource))).toList();
    }
}
