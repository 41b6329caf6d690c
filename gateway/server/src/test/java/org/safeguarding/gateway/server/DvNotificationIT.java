package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguarding.gateway.core.dv.DvNotifications;
import org.safeguarding.gateway.core.outbox.OutboxRelayRoute;
import org.springframework.jms.core.JmsTemplate;
import org.safeguarding.gateway.security.audit.AuditRecord;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.OpenSsl;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import tools.jackson.databind.JsonNode;

/** Police post once; the local authority, the school and health visiting each get their own copy, exactly once. */
class DvNotificationIT extends GatewayIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JmsTemplate broker;

    @Autowired
    AuditTrail audit;

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final String NARRATIVE = "Officers attended after a neighbour heard shouting; the father was arrested.";

    @TempDir
    Path work;

    /** A school-age child on a plan (by NHS number), an under-five on a plan without an NHS number, and an unknown child in Nottingham. */
    private record Family(String schoolChildNhs, String toddlerGiven, String unknownGiven) {}

    private Family family() {
        String schoolChild = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(schoolChild, "CPP", "la-derby")).status())
                .isEqualTo(201);
        String toddler = "Tod" + UUID.randomUUID().toString().substring(0, 6);
        String toddlerPlan = """
                {"nhsNumber":"%s","type":"CPP","startDate":"2026-01-05","localAuthority":"la-derby",
                 "child":{"givenName":"%s","familyName":"Child","birthDate":"2024-03-01"}}""".formatted(Plans.freshNhsNumber(), toddler);
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), toddlerPlan).status()).isEqualTo(201);
        return new Family(schoolChild, toddler, "Unk" + UUID.randomUUID().toString().substring(0, 6));
    }

    private static String notification(String reference, Instant incident, String risk, Family f) {
        return """
                {"forceReference":"%s","incidentDateTime":"%s","riskLevel":"%s","location":{"postcode":"DE1 2AB"},
                 "summary":"%s",
                 "childrenPresent":[
                   {"nhsNumber":"%s","givenName":"Test","familyName":"Child","birthDate":"2021-04-01","schoolId":"school-derby-primary"},
                   {"givenName":"%s","familyName":"Child","birthDate":"2024-03-01"},
                   {"givenName":"%s","familyName":"Stranger","birthDate":"2015-05-05","postcode":"NG1 1AA"}],
                 "adultsInvolved":[{"givenName":"Adam","familyName":"Perpetrator","relationship":"father"}],
                 "officer":{"name":"PC Jane Doe","collarNumber":"DC1234","phone":"01632 960500"}}
                """.formatted(reference, incident, risk, NARRATIVE, f.schoolChildNhs(), f.toddlerGiven(), f.unknownGiven());
    }

    private Api.Response submit(String body, String key, String token) {
        return api.send(api.request("/api/v1/dv-notifications", token, "Content-Type", "application/json", "Idempotency-Key", key)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void eachRecipientGetsItsCopyOnceAlsoWhenTheSubmissionIsRetried() {
        Family f = family();
        String reference = "DBY-" + UUID.randomUUID();
        String body = notification(reference, Instant.now().minus(Duration.ofHours(2)), "high", f);
        Api.Response first = submit(body, "key-" + reference, Tokens.user("police.derbyshire"));
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        String id = first.json().get("id").asString();
        assertThat(first.json().get("status").asString()).isEqualTo("received");

        Api.Response retried = submit(body, "key-" + reference, Tokens.system("police-system"));
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.json().get("id").asString()).as("the same key gives the same id").isEqualTo(id);
        assertThat(submit(body, "another-key-" + reference, Tokens.user("police.derbyshire")).json().get("id").asString())
                .as("the same force reference gives the same id").isEqualTo(id);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(copies("sw.derby", id)).hasSize(1);
            assertThat(copies("dsl.derby", id)).hasSize(1);
            assertThat(copies("hv.derby", id)).hasSize(1);
            assertThat(copies("sw.nottingham", id)).hasSize(1);
        });
        assertThat(copies("sw.derby", id).get(0).get("summary").asString()).startsWith("URGENT");
        assertThat(inbox("police.derbyshire", "dv-receipt").stream().filter(m -> id.equals(m.get("reference").asString()))).hasSize(1);

        JsonNode status = api.get("/api/v1/dv-notifications/" + id, Tokens.user("police.derbyshire")).json();
        assertThat(status.get("status").asString()).isEqualTo("routed");
        assertThat(StreamSupport.stream(status.get("childMatches").spliterator(), false).map(JsonNode::asString))
                .containsExactly("0:NHS_NUMBER:HIGH:on-plan", "1:DEMOGRAPHICS:MEDIUM:on-plan", "2:NONE:NONE");
        assertThat(StreamSupport.stream(status.get("deliveries").spliterator(), false).map(d -> d.get("recipient").asString()))
                .containsExactlyInAnyOrder("la-derby", "la-nottingham", "school-derby-primary", "hv-derby");

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> copies("sw.derby", id).size() == 1
                && copies("dsl.derby", id).size() == 1 && copies("hv.derby", id).size() == 1);

        // the routing's record committed with it; routing the message again (a redelivery after a crash) changes nothing
        assertThat(routingRecords(id)).as("one routing, recorded once").singleElement()
                .satisfies(r -> assertThat(r.entry().outcome()).isEqualTo("routed"));
        broker.convertAndSend(DvNotifications.ROUTING_QUEUE, "{\"deliveryId\":\"" + id + "\"}", m -> {
            m.setStringProperty(OutboxRelayRoute.MESSAGE_ID, id + "-sent-again");
            return m;
        });
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> routingRecords(id).size() == 1);
        assertThat(copies("sw.derby", id)).hasSize(1);
        assertThat(api.get("/api/v1/dv-notifications/" + id, Tokens.user("police.derbyshire")).json().get("deliveries").size()).isEqualTo(4);
    }

    private List<AuditRecord> routingRecords(String id) {
        return audit.latest(1000).stream().filter(r -> r.entry().action().equals("dv-route")
                && r.entry().resource().equals("dv-notification/" + id)).toList();
    }

    @Test
    void theSchoolsCopyNamesThePupilAndCarriesNoNarrativeOrAdults() {
        Family f = family();
        String reference = "DBY-" + UUID.randomUUID();
        Api.Response accepted = submit(notification(reference, Instant.now().minus(Duration.ofHours(1)), "medium", f), "k-" + reference,
                Tokens.user("police.derbyshire"));
        String id = accepted.json().get("id").asString();
        JsonNode message = await().atMost(Duration.ofSeconds(15)).until(() -> copies("dsl.derby", id), l -> l.size() == 1).get(0);
        assertThat(message.get("summary").asString()).contains("Test Child").doesNotContain("arrested", "Perpetrator");

        byte[] envelope = api.bytes("/api/v1/inbox/" + message.get("id").asString() + "/content", Tokens.user("dsl.derby"));
        Path agency = dataDirectory().resolve("agencies").resolve("school-derby-primary");
        OpenSsl.Result opened = OpenSsl.decryptAndVerify(envelope, agency.resolve("cert.pem"), agency.resolve("key.pem"),
                dataDirectory().resolve("gateway-ca.pem"), work);
        assertThat(opened.exitCode()).as(opened.errors()).isZero();
        String notice = new String(opened.output(), StandardCharsets.UTF_8);
        assertThat(notice).contains("\"givenName\":\"Test\"", "\"familyName\":\"Child\"", "operation-encompass", "01632 960500")
                .doesNotContain(NARRATIVE, "arrested", "Adam", "Perpetrator", "father", "riskLevel", f.unknownGiven(), f.toddlerGiven());

        byte[] laEnvelope = api.bytes("/api/v1/inbox/" + copies("sw.derby", id).get(0).get("id").asString() + "/content", Tokens.user("sw.derby"));
        Path la = dataDirectory().resolve("agencies").resolve("la-derby");
        String full = new String(OpenSsl.decryptAndVerify(laEnvelope, la.resolve("cert.pem"), la.resolve("key.pem"),
                dataDirectory().resolve("gateway-ca.pem"), work).output(), StandardCharsets.UTF_8);
        assertThat(full).as("the local authority gets everything").contains(NARRATIVE, "Perpetrator");
    }

    @Test
    void badSubmissionsNameEachBadFieldAndNothingIsStored() {
        String police = Tokens.user("police.derbyshire");
        Family f = family();
        String reference = "DBY-" + UUID.randomUUID();
        String good = notification(reference, Instant.now().minus(Duration.ofHours(1)), "standard", f);
        // every refused submission carries the same key: had any of them been stored, the good one below would be its repeat
        String key = "bad-" + UUID.randomUUID();
        awaitNoDvWorkInFlight();

        assertNothingStored(() -> assertFields(submit("{\"riskLevel\":\"standard\"}", key, police),
                "forceReference", "incidentDateTime", "location", "summary", "childrenPresent", "officer"));
        assertNothingStored(() -> assertFields(submit(good.replace(f.schoolChildNhs(), "9997176953"), key, police),
                "childrenPresent[0].nhsNumber"));
        assertNothingStored(() -> assertFields(submit(good.replace(f.schoolChildNhs(), "12345"), key, police),
                "childrenPresent[0].nhsNumber"));
        String future = notification("DBY-" + UUID.randomUUID(), Instant.now().plus(Duration.ofDays(1)), "standard", f);
        assertNothingStored(() -> assertFields(submit(future, key, police), "incidentDateTime"));
        assertNothingStored(() -> assertFields(submit(good.replace("\"riskLevel\":\"standard\"", "\"riskLevel\":3"), key, police),
                "riskLevel"));
        assertNothingStored(() -> assertFields(submit(good.replace("\"childrenPresent\":[", "\"childrenPresent\":\"none\",\"x\":["), key,
                police), "childrenPresent"));
        assertNothingStored(() -> assertProblem(submit("{\"forceReference\":", key, police), 400));
        assertNothingStored(() -> assertProblem(submit(good, null, police), 400));
        assertNothingStored(() -> assertProblem(submit(good, "not a key!", police), 400));
        assertNothingStored(() -> assertProblem(submit("{\"summary\":\"" + "x".repeat(1_100_000) + "\"}", key, police), 413));
        assertNothingStored(() -> assertThat(submit(good, key, Tokens.user("sw.derby")).status()).isEqualTo(403));
        assertNothingStored(() -> assertThat(submit(good, key, Tokens.user("ae.clinician")).status()).isEqualTo(403));
        assertNothingStored(() -> assertThat(submit(good, key, null).status()).isEqualTo(401));

        DvFootprint before = dvFootprint();
        Api.Response accepted = submit(good, key, police);
        assertThat(accepted.status()).as("the same notification, well formed, is taken: " + accepted).isEqualTo(202);
        assertThat(accepted.json().get("repeat").asBoolean()).as("as new, not as a repeat of a refused one").isFalse();
        assertThat(accepted.json().get("status").asString()).isEqualTo("received");
        String id = accepted.json().get("id").asString();
        assertThat(jdbc.sql("SELECT id FROM dv_notification WHERE force_reference = ? OR idempotency_key = ?").params(reference, key)
                .query(String.class).list()).as("stored once, under the key").containsExactly(id);
        assertThat(count("SELECT COUNT(*) FROM inbox_message WHERE id = 'receipt-" + id + "' AND recipient = 'police-derbyshire'"))
                .as("the receipt is in the force's inbox when the 202 is sent").isEqualTo(1);

        // once it has been routed and its receipt is in, nothing else has arrived: the refused submissions left nothing queued
        await().atMost(Duration.ofSeconds(15)).until(() -> copies("sw.derby", id).size() == 1);
        awaitNoDvWorkInFlight();
        DvFootprint after = dvFootprint();
        long copies = jdbc.sql("SELECT COUNT(*) FROM delivery WHERE reference = ?").param(id).query(Long.class).single();
        assertThat(copies).as("la-derby, la-nottingham, the school and health visiting").isEqualTo(4);
        assertThat(after).isEqualTo(new DvFootprint(before.notifications() + 1, before.routingMessages() + 1,
                before.receipts() + 1, before.copies() + copies, before.copiesInInboxes() + copies));
        assertThat(api.get("/actuator/health", null).json().get("status").asString()).isEqualTo("UP");
    }

    /**
     * What accepting a notification leaves: its row, its routing and receipt messages in the outbox, the force's receipt in
     * its inbox, and (once routed) the copies and their inbox messages. Only DV submissions and their routing write these.
     */
    /** The receipt is written to the force's inbox in the acceptance's own commit: no message carries it there. */
    private record DvFootprint(long notifications, long routingMessages, long receipts, long copies,
            long copiesInInboxes) {}

    private DvFootprint dvFootprint() {
        return new DvFootprint(
                count("SELECT COUNT(*) FROM dv_notification"),
                count("SELECT COUNT(*) FROM outbox_message WHERE destination = '" + DvNotifications.ROUTING_QUEUE + "'"),
                count("SELECT COUNT(*) FROM inbox_message WHERE message_type = 'dv-receipt'"),
                count("SELECT COUNT(*) FROM delivery WHERE message_type = 'dv-notification'"),
                count("SELECT COUNT(*) FROM inbox_message WHERE message_type = 'dv-notification'"));
    }

    /** The submission is answered as asserted, and the footprint is what it was before. */
    private void assertNothingStored(Runnable submission) {
        DvFootprint before = dvFootprint();
        submission.run();
        assertThat(dvFootprint()).as("a refused submission stores nothing").isEqualTo(before);
    }

    /** Earlier tests' notifications routed and their copies in the inboxes: so that the footprint holds still. */
    private void awaitNoDvWorkInFlight() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(count("SELECT COUNT(*) FROM dv_notification WHERE status = 'received'")).as("notifications not yet routed").isZero();
            assertThat(count("SELECT COUNT(*) FROM delivery d WHERE d.message_type = 'dv-notification'"
                    + " AND NOT EXISTS (SELECT 1 FROM inbox_message i WHERE i.id = d.id)")).as("copies not yet in an inbox").isZero();
        });
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void onlyTheSubmittingForceAndTheReceivingAuthorityMayReadItAndOnlyTheAuthorityGivesTheOutcome() {
        Family f = family();
        String reference = "DBY-" + UUID.randomUUID();
        String id = submit(notification(reference, Instant.now().minus(Duration.ofHours(3)), "standard", f), "k-" + reference,
                Tokens.user("police.derbyshire")).json().get("id").asString();
        await().atMost(Duration.ofSeconds(15)).until(() -> copies("sw.derby", id).size() == 1);

        assertThat(api.get("/api/v1/dv-notifications/" + id, Tokens.user("police.derbyshire")).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/dv-notifications/" + id, Tokens.user("sw.derby")).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/dv-notifications/" + id, Tokens.otherForce()).status()).as("another force").isEqualTo(403);
        assertThat(api.get("/api/v1/dv-notifications/" + id, Tokens.user("dsl.derby")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/dv-notifications/" + id, Tokens.user("gp.derby")).status()).isEqualTo(403);

        String outcome = "{\"decision\":\"strategy-discussion\",\"note\":\"Strategy discussion arranged\"}";
        assertThat(api.post("/api/v1/dv-notifications/" + id + "/outcome", Tokens.user("police.derbyshire"), outcome).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/dv-notifications/" + id + "/outcome", Tokens.user("sw.derby"), "{\"decision\":\"maybe\"}").status())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/dv-notifications/" + id + "/outcome", Tokens.user("sw.derby"), outcome).status()).isEqualTo(202);
        assertThat(api.post("/api/v1/dv-notifications/" + id + "/outcome", Tokens.user("sw.derby"), outcome).status()).isEqualTo(409);

        await().atMost(Duration.ofSeconds(15)).until(() -> inbox("police.derbyshire", "dv-outcome").stream()
                .anyMatch(m -> id.equals(m.get("reference").asString())));
        JsonNode status = api.get("/api/v1/dv-notifications/" + id, Tokens.user("police.derbyshire")).json();
        assertThat(status.get("outcome").get("decision").asString()).isEqualTo("strategy-discussion");
    }

    @Test
    void aFridayEveningIncidentIsDueAtTheSchoolOnMondayAt0830AndOverdueIfUnreadBy() {
        // a term-time Friday after the run's start: the shared context's clock must never go back before the gateway's
        // keys were made, or a checkpoint signed meanwhile would carry a time its certificate was not yet valid at
        try {
            CLOCK.setNow(ZonedDateTime.of(2027, 3, 5, 19, 0, 0, 0, LONDON).toInstant());
            String id = submitAt(ZonedDateTime.of(2027, 3, 5, 18, 30, 0, 0, LONDON).toInstant());
            assertThat(schoolDeadline(id)).isEqualTo(ZonedDateTime.of(2027, 3, 8, 8, 30, 0, 0, LONDON).toInstant());
            assertThat(schoolStatus(id)).isIn("queued", "delivered");
            CLOCK.setNow(ZonedDateTime.of(2027, 3, 8, 8, 31, 0, 0, LONDON).toInstant());
            assertThat(schoolStatus(id)).isEqualTo("overdue");
        } finally {
            CLOCK.reset();
        }
    }

    @Test
    void theSchoolDeadlineSkipsTheHalfTermHoliday() {
        try {
            CLOCK.setNow(ZonedDateTime.of(2027, 2, 12, 19, 0, 0, 0, LONDON).toInstant());
            String id = submitAt(ZonedDateTime.of(2027, 2, 12, 17, 0, 0, 0, LONDON).toInstant());
            assertThat(schoolDeadline(id)).as("half term 15-19 February 2027 in the configured term dates")
                    .isEqualTo(ZonedDateTime.of(2027, 2, 22, 8, 30, 0, 0, LONDON).toInstant());
            CLOCK.setNow(ZonedDateTime.of(2027, 2, 22, 8, 0, 0, 0, LONDON).toInstant());
            String message = copies("dsl.derby", id).get(0).get("id").asString();
            assertThat(api.post("/api/v1/inbox/" + message + "/acknowledge", Tokens.user("dsl.derby"), "").status()).isEqualTo(204);
            CLOCK.setNow(ZonedDateTime.of(2027, 2, 22, 9, 0, 0, 0, LONDON).toInstant());
            assertThat(schoolStatus(id)).as("read in time").isEqualTo("acknowledged");
        } finally {
            CLOCK.reset();
        }
    }

    private String submitAt(Instant incident) {
        Family f = family();
        String reference = "DBY-" + UUID.randomUUID();
        Api.Response accepted = submit(notification(reference, incident, "standard", f), "k-" + reference, Tokens.user("police.derbyshire"));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String id = accepted.json().get("id").asString();
        await().atMost(Duration.ofSeconds(15)).until(() -> copies("dsl.derby", id).size() == 1);
        return id;
    }

    private JsonNode schoolDelivery(String id) {
        JsonNode deliveries = api.get("/api/v1/dv-notifications/" + id, Tokens.user("police.derbyshire")).json().get("deliveries");
        return StreamSupport.stream(deliveries.spliterator(), false)
                .filter(d -> d.get("recipient").asString().equals("school-derby-primary")).findFirst().orElseThrow();
    }

    private Instant schoolDeadline(String id) {
        return Instant.parse(schoolDelivery(id).get("dueAt").asString());
    }

    private String schoolStatus(String id) {
        return schoolDelivery(id).get("status").asString();
    }

    private List<JsonNode> copies(String user, String notificationId) {
        return inbox(user, "dv-notification").stream().filter(m -> notificationId.equals(m.get("reference").asString())).toList();
    }

    private List<JsonNode> inbox(String user, String type) {
        JsonNode messages = api.get("/api/v1/inbox?type=" + type + "&size=200", Tokens.user(user)).json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false).toList();
    }

    private static void assertFields(Api.Response response, String... fields) {
        assertProblem(response, 400);
        assertThat(StreamSupport.stream(response.json().get("errors").spliterator(), false).map(e -> e.get("field").asString()))
                .as(response.toString()).contains(fields);
    }

    private static void assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
    }

}
