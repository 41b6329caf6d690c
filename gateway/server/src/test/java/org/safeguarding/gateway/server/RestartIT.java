package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayProcess;
import org.safeguarding.gateway.server.support.KeycloakExtension;
import org.safeguarding.gateway.server.support.Multipart;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;

/** What the gateway answered 2xx to survives a SIGKILL: plans, inbox messages, notifications still in flight, the audit chain. */
@ExtendWith(KeycloakExtension.class)
class RestartIT {

    @Test
    void plansInboxAndAuditSurviveKillDashNineAndPendingNotificationsAreDeliveredOnce() {
        Path data = Path.of(System.getProperty("test.work", "target/it-work")).resolve("restart-" + UUID.randomUUID());
        String nhs = Plans.freshNhsNumber();
        String planId = Plans.id();
        String laterNhs = Plans.freshNhsNumber();
        try (GatewayProcess first = new GatewayProcess(data).start("--gateway.outbox-poll-millis=100")) {
            Api api = first.api();
            assertThat(api.put("/api/v1/plans/" + planId, Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status())
                    .isEqualTo(201);
            assertThat(api.careTeams(nhs, Tokens.user("ae.clinician")).json().get("total").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> notificationsAbout(api, nhs) == 1);

            first.kill();
        }

        // a relay that polls once a minute: the notification of this lookup is certainly still in the outbox at the kill
        try (GatewayProcess slowRelay = new GatewayProcess(data).start("--gateway.outbox-poll-millis=60000")) {
            Api api = slowRelay.api();
            assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(laterNhs, "LAC", "la-derby")).status())
                    .isEqualTo(201);
            assertThat(api.careTeams(laterNhs, Tokens.user("gp.derby")).status()).isEqualTo(200);
            slowRelay.kill();
        }

        try (GatewayProcess second = new GatewayProcess(data).start("--gateway.outbox-poll-millis=100")) {
            Api api = second.api();
            assertThat(notificationsAbout(api, nhs)).as("the inbox survived").isEqualTo(1);
            await().atMost(Duration.ofSeconds(15)).until(() -> notificationsAbout(api, laterNhs) == 1);
            var verify = api.get("/api/v1/audit/verify", Tokens.user("auditor")).json();
            assertThat(verify.get("valid").asBoolean()).as(verify.toString()).isTrue();

            assertThat(api.careTeams(nhs, Tokens.user("ae.clinician")).json().get("total").asInt()).as("the plan survived").isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> notificationsAbout(api, nhs) == 2);
            settle();
            assertThat(notificationsAbout(api, laterNhs)).as("delivered once, not again after the restart").isEqualTo(1);
            assertThat(notificationsAbout(api, nhs)).as("one more lookup, one more notification").isEqualTo(2);
        }
    }

    @Test
    void anAcceptedUploadSurvivesKillDashNineAndEachRecipientGetsItOnceAfterRestart() {
        Path data = Path.of(System.getProperty("test.work", "target/it-work")).resolve("restart-documents-" + UUID.randomUUID());
        String documentId;
        try (GatewayProcess slowRelay = new GatewayProcess(data).start("--gateway.outbox-poll-millis=60000")) {
            Api api = slowRelay.api();
            Multipart body = new Multipart()
                    .json("metadata", "{\"kind\":\"conference-minutes\",\"planId\":\"DER-CPP-0001\",\"nhsNumber\":\"9997709144\","
                            + "\"title\":\"Minutes\",\"recipients\":[\"gp-derby-central\",\"school-derby-primary\"]}")
                    .file("file", "minutes.txt", "text/plain", "synthetic minutes".getBytes(StandardCharsets.UTF_8));
            Api.Response accepted = api.send(api.request("/api/v1/documents", Tokens.user("sw.derby"), "Content-Type", body.contentType())
                    .POST(body.publisher()));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            documentId = accepted.json().get("id").asString();
            slowRelay.kill();
        }
        try (GatewayProcess restarted = new GatewayProcess(data).start("--gateway.outbox-poll-millis=100")) {
            Api api = restarted.api();
            await().atMost(Duration.ofSeconds(15)).until(() -> documentsIn(api, "gp.derby", documentId) == 1
                    && documentsIn(api, "dsl.derby", documentId) == 1);
            var statuses = api.get("/api/v1/documents/" + documentId, Tokens.user("sw.derby")).json().get("deliveries");
            assertThat(statuses.toString()).doesNotContain("queued");
            settle();
            assertThat(documentsIn(api, "gp.derby", documentId)).isEqualTo(1);
            assertThat(documentsIn(api, "dsl.derby", documentId)).isEqualTo(1);
        }
    }

    @Test
    void aNotificationAcceptedWith202SurvivesKillDashNineBeforeRoutingAndIsRoutedOnce() {
        Path data = Path.of(System.getProperty("test.work", "target/it-work")).resolve("restart-dv-" + UUID.randomUUID());
        String reference = "DBY-" + UUID.randomUUID();
        String body = """
                {"forceReference":"%s","incidentDateTime":"%s","riskLevel":"medium","location":{"postcode":"DE1 2AB"},
                 "summary":"Synthetic test incident","childrenPresent":[{"nhsNumber":"9997709144","givenName":"Ava","familyName":"Ashdown",
                 "birthDate":"2019-04-12","schoolId":"school-derby-primary"}],
                 "officer":{"name":"PC Test","collarNumber":"T1","phone":"01632 960500"}}
                """.formatted(reference, java.time.Instant.now().minusSeconds(3600));
        String id;
        try (GatewayProcess slowRelay = new GatewayProcess(data).start("--gateway.outbox-poll-millis=60000")) {
            Api api = slowRelay.api();
            Api.Response accepted = api.send(api.request("/api/v1/dv-notifications", Tokens.user("police.derbyshire"),
                    "Content-Type", "application/json", "Idempotency-Key", reference)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            id = accepted.json().get("id").asString();
            slowRelay.kill();
        }
        try (GatewayProcess restarted = new GatewayProcess(data).start("--gateway.outbox-poll-millis=100")) {
            Api api = restarted.api();
            await().atMost(Duration.ofSeconds(15)).until(() -> messagesIn(api, "sw.derby", "dv-notification", id) == 1
                    && messagesIn(api, "dsl.derby", "dv-notification", id) == 1);
            settle();
            assertThat(messagesIn(api, "sw.derby", "dv-notification", id)).isEqualTo(1);
            assertThat(messagesIn(api, "dsl.derby", "dv-notification", id)).isEqualTo(1);
            assertThat(messagesIn(api, "police.derbyshire", "dv-receipt", id)).isEqualTo(1);
        }
    }

    private static long messagesIn(Api api, String user, String type, String reference) {
        var messages = api.get("/api/v1/inbox?type=" + type + "&size=200", Tokens.user(user)).json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false).filter(m -> reference.equals(m.get("reference").asString())).count();
    }

    private static long documentsIn(Api api, String user, String documentId) {
        return messagesIn(api, user, "document", documentId);
    }

    private static void settle() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long notificationsAbout(Api api, String nhs) {
        var messages = api.get("/api/v1/inbox?type=access-notification&size=200", Tokens.user("sw.derby")).json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false).filter(m -> nhs.equals(m.get("nhsNumber").asString(null))).count();
    }
}
