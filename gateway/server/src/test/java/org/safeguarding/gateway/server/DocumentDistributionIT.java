package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.delivery.DeliveryEscalation;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Multipart;
import org.safeguarding.gateway.server.support.OpenSsl;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.PushReceiver;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Social care uploads once; every recipient gets its own signed, encrypted copy, tracked to acknowledgement. */
class DocumentDistributionIT extends GatewayIntegrationTest {

    private static final String DEMO_PLAN = "DER-CPP-0001";
    private static final String DEMO_CHILD = "9997709144";
    private static final Map<String, String> USER_OF = Map.of("gp-derby-central", "gp.derby", "school-derby-primary", "dsl.derby",
            "hv-derby", "hv.derby", "la-derby", "sw.derby", "police-derbyshire", "police.derbyshire");

    @Autowired
    AgencyDirectory agencies;

    @Autowired
    DeliveryEscalation escalation;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditTrail audit;

    @TempDir
    Path work;

    @Test
    void threeRecipientsGetThreeEnvelopesThatOpenSslOpensAndVerifies() {
        byte[] minutes = "Minutes of the initial child protection conference (synthetic test text)\n".repeat(200)
                .getBytes(StandardCharsets.UTF_8);
        List<String> recipients = List.of("gp-derby-central", "school-derby-primary", "hv-derby");
        Api.Response upload = upload(meta("conference-minutes", DEMO_PLAN, DEMO_CHILD, recipients, null), "minutes.txt", "text/plain", minutes,
                Tokens.user("sw.derby"));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
        String documentId = upload.json().get("id").asString();
        assertThat(upload.json().get("deliveries")).hasSize(3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM document WHERE id = ?").param(documentId).query(Long.class).single()).isEqualTo(1);

        Map<String, byte[]> envelopes = new HashMap<>();
        for (String org : recipients) {
            String messageId = await().atMost(Duration.ofSeconds(10)).until(() -> documentMessage(org, documentId), id -> id != null);
            Api.Response content = api.get("/api/v1/inbox/" + messageId + "/content", Tokens.user(USER_OF.get(org)));
            assertThat(content.status()).isEqualTo(200);
            assertThat(content.contentType()).startsWith("application/pkcs7-mime");
            envelopes.put(org, bytes("/api/v1/inbox/" + messageId + "/content", Tokens.user(USER_OF.get(org))));
        }
        assertThat(envelopes.values()).as("three different envelopes").doesNotHaveDuplicates();
        for (String org : recipients) {
            OpenSsl.Result opened = OpenSsl.decryptAndVerify(envelopes.get(org), agencyFile(org, "cert.pem"), agencyFile(org, "key.pem"),
                    dataDirectory().resolve("gateway-ca.pem"), work);
            assertThat(opened.exitCode()).as(opened.errors()).isZero();
            assertThat(opened.output()).isEqualTo(minutes);
        }

        OpenSsl.Result wrongKey = OpenSsl.decryptAndVerify(envelopes.get("gp-derby-central"), agencyFile("school-derby-primary", "cert.pem"),
                agencyFile("school-derby-primary", "key.pem"), dataDirectory().resolve("gateway-ca.pem"), work);
        assertThat(wrongKey.exitCode()).as("the school's key cannot open the GP's copy").isNotZero();

        byte[] flipped = envelopes.get("hv-derby").clone();
        flipped[flipped.length - 40] ^= 0x01;
        OpenSsl.Result tampered = OpenSsl.decryptAndVerify(flipped, agencyFile("hv-derby", "cert.pem"), agencyFile("hv-derby", "key.pem"),
                dataDirectory().resolve("gateway-ca.pem"), work);
        assertThat(tampered.exitCode()).as("one flipped byte fails decryption or verification").isNotZero();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM delivery WHERE reference = ? AND envelope IS NOT NULL").param(documentId)
                .query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void acknowledgementsAreTrackedPerRecipientAndANonRecipientCannotReadACopy() {
        String documentId = uploadMinutes(List.of("gp-derby-central", "school-derby-primary"), null);
        String gpMessage = await().atMost(Duration.ofSeconds(10)).until(() -> documentMessage("gp-derby-central", documentId), id -> id != null);
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses(documentId).values().stream().allMatch("delivered"::equals));

        assertThat(api.get("/api/v1/inbox/" + gpMessage + "/content", Tokens.user("dsl.derby")).status())
                .as("another recipient's copy is not found").isEqualTo(404);
        assertThat(api.get("/api/v1/inbox/" + gpMessage + "/content", Tokens.user("hv.derby")).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/inbox/" + gpMessage + "/content", Tokens.user("auditor")).status()).as("a role with no inbox").isEqualTo(403);
        assertThat(api.post("/api/v1/inbox/" + gpMessage + "/acknowledge", Tokens.user("dsl.derby"), "").status()).isEqualTo(404);

        assertThat(api.post("/api/v1/inbox/" + gpMessage + "/acknowledge", Tokens.user("gp.derby"), "").status()).isEqualTo(204);
        Map<String, String> statuses = statuses(documentId);
        assertThat(statuses).containsEntry("gp-derby-central", "acknowledged").containsEntry("school-derby-primary", "delivered");

        assertThat(api.get("/api/v1/documents/" + documentId, Tokens.user("sw.nottingham")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/documents/" + documentId, Tokens.user("gp.derby")).status()).isEqualTo(403);
        // a document that does not exist is refused as another authority's is: nobody can tell the two apart
        assertThat(api.get("/api/v1/documents/no-such-document", Tokens.user("sw.derby")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/documents/no-such-document", Tokens.user("sw.nottingham")).body())
                .isEqualTo(api.get("/api/v1/documents/" + documentId, Tokens.user("sw.nottingham")).body()
                        .replace(documentId, "no-such-document"));
    }

    @Test
    void byDefaultThePlansCoreGroupReceivesIt() {
        String nhs = Plans.freshNhsNumber();
        String planId = Plans.id();
        api.put("/api/v1/plans/" + planId, Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby"));
        Api.Response upload = upload(meta("cp-plan", planId, nhs, null, null), "plan.pdf", "application/pdf",
                "%PDF-1.4\n% synthetic test plan\n".getBytes(StandardCharsets.UTF_8), Tokens.user("sw.derby"));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
        assertThat(StreamSupport.stream(upload.json().get("deliveries").spliterator(), false).map(d -> d.get("recipient").asString()))
                .containsExactlyInAnyOrder("gp-derby-central", "school-derby-primary");
    }

    @Test
    void anUnacknowledgedCopyGoesOverdueAfterItsWorkingDaysAndTheAuthorityIsToldOnce() {
        String documentId = uploadMinutes(List.of("gp-derby-central", "hv-derby"), 2);
        String hvMessage = await().atMost(Duration.ofSeconds(10)).until(() -> documentMessage("hv-derby", documentId), id -> id != null);
        assertThat(api.post("/api/v1/inbox/" + hvMessage + "/acknowledge", Tokens.user("hv.derby"), "").status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(statuses(documentId).get("gp-derby-central")));
        try {
            CLOCK.advance(Duration.ofDays(2));
            escalation.escalateOverdue();
            assertThat(statuses(documentId).get("gp-derby-central")).as("two calendar days may be fewer than two working days")
                    .isIn("delivered", "overdue");
            CLOCK.advance(Duration.ofDays(3));
            escalation.escalateOverdue();
            assertThat(statuses(documentId)).containsEntry("gp-derby-central", "overdue").containsEntry("hv-derby", "acknowledged");
            await().atMost(Duration.ofSeconds(10)).until(() -> escalationsAbout(documentId).size() == 1);
            assertThat(escalationsAbout(documentId).get(0).get("summary").asString()).contains("gp-derby-central");
            assertThat(escalation.escalateOverdue()).as("each copy escalates once").isZero();
        } finally {
            CLOCK.reset();
        }
    }

    @Test
    void aFailingPushIsRetriedWithBackOffThenDeadLetteredAndAnOperatorRetryDeliversOnce() {
        PushReceiver receiver = PushReceiver.get();
        var gp = agencies.find("gp-derby-central").orElseThrow();
        agencies.save(new org.safeguarding.gateway.core.model.Agency("gp-push-test", "gp-practice", "Push test practice (test)",
                List.of(), null, null, gp.certificatePem(), receiver.url()));
        receiver.answer(503);
        String documentId = uploadMinutes(List.of("gp-push-test", "school-derby-primary"), null);
        String deliveryId = deliveryId(documentId, "gp-push-test");

        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(statuses(documentId).get("school-derby-primary")));
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(statuses(documentId).get("gp-push-test")));
        List<PushReceiver.Attempt> attempts = receiver.attemptsFor(deliveryId);
        assertThat(attempts).hasSize(4).allMatch(a -> a.answered() == 503);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < attempts.size(); i++) {
            gaps.add(Duration.between(attempts.get(i - 1).at(), attempts.get(i).at()).toMillis());
        }
        assertThat(gaps.get(2)).as("back-off grows: " + gaps).isGreaterThan(gaps.get(0));
        assertThat(documentMessage("gp-push-test", documentId)).as("the inbox copy is there whatever the push does").isNotNull();

        var failed = api.get("/api/v1/admin/deliveries?status=failed", Tokens.user("ops")).json().get("deliveries");
        assertThat(StreamSupport.stream(failed.spliterator(), false).map(d -> d.get("id").asString())).contains(deliveryId);
        assertThat(failed.toString()).doesNotContain(DEMO_CHILD);
        assertThat(api.get("/api/v1/admin/deliveries?status=failed", Tokens.user("sw.derby")).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/admin/deliveries/" + deliveryId + "/retry", Tokens.user("sw.derby"), "").status()).isEqualTo(403);

        receiver.answer(200);
        assertThat(api.post("/api/v1/admin/deliveries/" + deliveryId + "/retry", Tokens.user("ops"), "").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.acceptedCount(deliveryId) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(statuses(documentId).get("gp-push-test")));
        assertThat(api.post("/api/v1/admin/deliveries/" + deliveryId + "/retry", Tokens.user("ops"), "").status())
                .as("a delivered copy is not re-run").isEqualTo(409);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> receiver.acceptedCount(deliveryId) == 1);
    }

    @Test
    void refusalsAndBadUploads() {
        byte[] text = "synthetic minutes".getBytes(StandardCharsets.UTF_8);
        String good = meta("conference-minutes", DEMO_PLAN, DEMO_CHILD, List.of("gp-derby-central"), null);
        assertThat(upload(good, "m.txt", "text/plain", text, Tokens.user("sw.nottingham")).status()).as("another LA").isEqualTo(403);
        assertThat(upload(good, "m.txt", "text/plain", text, Tokens.user("police.derbyshire")).status()).isEqualTo(403);
        assertThat(upload(good, "m.txt", "text/plain", text, null).status()).isEqualTo(401);

        assertProblem(upload(good, "photo.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0}, Tokens.user("sw.derby")), 415);
        assertProblem(upload(good, "archive.zip", "application/zip", new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0}, Tokens.user("sw.derby")), 415);
        byte[] oversized = new byte[21 * 1024 * 1024];
        java.util.Arrays.fill(oversized, (byte) 'a');
        assertProblem(upload(good, "big.txt", "text/plain", oversized, Tokens.user("sw.derby")), 413);

        assertProblem(send(new Multipart().file("file", "m.txt", "text/plain", text), Tokens.user("sw.derby")), 400);
        assertProblem(send(new Multipart().json("metadata", good), Tokens.user("sw.derby")), 400);
        Api.Response badNhs = upload(meta("conference-minutes", DEMO_PLAN, "9997176953", List.of("gp-derby-central"), null), "m.txt",
                "text/plain", text, Tokens.user("sw.derby"));
        assertProblem(badNhs, 400);
        assertThat(badNhs.json().get("errors").get(0).get("field").asString()).isEqualTo("nhsNumber");
        // decided before anything is told: a plan that does not exist, another authority's plan, and a plan with another
        // child's number all get the one refusal, for every caller, and nothing about the plan is in it
        String noSuchPlan = meta("conference-minutes", "NO-SUCH-PLAN", DEMO_CHILD, List.of("gp-derby-central"), null);
        String otherChild = meta("conference-minutes", DEMO_PLAN, "9995341654", List.of("gp-derby-central"), null);
        for (String user : List.of("sw.derby", "sw.nottingham", "police.derbyshire", "dsl.derby")) {
            Api.Response refused = upload(noSuchPlan, "m.txt", "text/plain", text, Tokens.user(user));
            assertProblem(refused, 403);
            assertThat(refused.body()).as(user).doesNotContain("NO-SUCH-PLAN").doesNotContain(DEMO_CHILD);
            if (!user.equals("sw.derby")) {
                assertThat(upload(good, "m.txt", "text/plain", text, Tokens.user(user)).body()).as(user).isEqualTo(refused.body());
            }
            assertThat(upload(otherChild, "m.txt", "text/plain", text, Tokens.user(user)).body()).as(user).isEqualTo(refused.body());
        }
        assertThat(audit.latest(200)).as("each refusal audited").anySatisfy(r -> {
            assertThat(r.entry().resource()).isEqualTo("document/NO-SUCH-PLAN");
            assertThat(r.entry().subject()).endsWith("(police.derbyshire)");
            assertThat(r.entry().outcome()).isEqualTo("denied");
        });
        assertProblem(upload(meta("gossip", DEMO_PLAN, DEMO_CHILD, List.of("gp-derby-central"), null), "m.txt", "text/plain", text,
                Tokens.user("sw.derby")), 400);
        assertProblem(upload(meta("conference-minutes", DEMO_PLAN, DEMO_CHILD, List.of("nowhere-agency"), null), "m.txt", "text/plain",
                text, Tokens.user("sw.derby")), 400);
        assertProblem(upload("{not json", "m.txt", "text/plain", text, Tokens.user("sw.derby")), 400);
        assertThat(api.get("/actuator/health", null).json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void fileNamesAreSanitised() {
        Api.Response upload = upload(meta("conference-minutes", DEMO_PLAN, DEMO_CHILD, List.of("gp-derby-central"), null),
                "../../etc/pass<wd>.txt", "text/plain", "synthetic".getBytes(StandardCharsets.UTF_8), Tokens.user("sw.derby"));
        assertThat(upload.status()).isEqualTo(202);
        String name = api.get("/api/v1/documents/" + upload.json().get("id").asString(), Tokens.user("sw.derby")).json()
                .get("fileName").asString();
        assertThat(name).isEqualTo("pass_wd_.txt");
    }

    private String uploadMinutes(List<String> recipients, Integer ackDays) {
        Api.Response upload = upload(meta("conference-minutes", DEMO_PLAN, DEMO_CHILD, recipients, ackDays), "minutes.txt",
                "text/plain", "synthetic minutes".getBytes(StandardCharsets.UTF_8), Tokens.user("sw.derby"));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
        return upload.json().get("id").asString();
    }

    private static String meta(String kind, String planId, String nhs, List<String> recipients, Integer ackDays) {
        String list = recipients == null ? "" : ",\"recipients\":[" + String.join(",", recipients.stream().map(r -> "\"" + r + "\"").toList()) + "]";
        String ack = ackDays == null ? "" : ",\"acknowledgeWithinDays\":" + ackDays;
        return "{\"kind\":\"" + kind + "\",\"planId\":\"" + planId + "\",\"nhsNumber\":\"" + nhs + "\",\"title\":\"Initial conference\""
                + list + ack + "}";
    }

    private Api.Response upload(String metadata, String fileName, String contentType, byte[] content, String token) {
        return send(new Multipart().json("metadata", metadata).file("file", fileName, contentType, content), token);
    }

    private Api.Response send(Multipart body, String token) {
        return api.send(api.request("/api/v1/documents", token, "Content-Type", body.contentType()).POST(body.publisher()));
    }

    private byte[] bytes(String path, String token) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(api.request(path, token).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String documentMessage(String org, String documentId) {
        if (!USER_OF.containsKey(org)) {
            // a test-only agency with no demo user: read its inbox table directly
            return jdbc.sql("SELECT id FROM inbox_message WHERE recipient = ? AND reference = ?").params(org, documentId)
                    .query(String.class).optional().orElse(null);
        }
        JsonNode messages = api.get("/api/v1/inbox?type=document&size=200", Tokens.user(USER_OF.get(org))).json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false).filter(m -> documentId.equals(m.get("reference").asString()))
                .map(m -> m.get("id").asString()).findFirst().orElse(null);
    }

    private String deliveryId(String documentId, String recipient) {
        return jdbc.sql("SELECT id FROM delivery WHERE reference = ? AND recipient = ?").params(documentId, recipient).query(String.class).single();
    }

    private Map<String, String> statuses(String documentId) {
        JsonNode deliveries = api.get("/api/v1/documents/" + documentId, Tokens.user("sw.derby")).json().get("deliveries");
        Map<String, String> statuses = new HashMap<>();
        deliveries.forEach(d -> statuses.put(d.get("recipient").asString(), d.get("status").asString()));
        return statuses;
    }

    private List<JsonNode> escalationsAbout(String documentId) {
        JsonNode messages = api.get("/api/v1/inbox?type=escalation&size=200", Tokens.user("sw.derby")).json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false).filter(m -> documentId.equals(m.get("reference").asString())).toList();
    }

    private static Path agencyFile(String org, String file) {
        Path path = dataDirectory().resolve("agencies").resolve(org).resolve(file);
        assertThat(Files.exists(path)).as(path + " generated at first start").isTrue();
        return path;
    }

    private static void assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
    }

}
