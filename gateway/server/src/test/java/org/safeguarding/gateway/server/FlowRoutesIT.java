package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.delivery.SecureCopyRoute;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Incidents;
import org.safeguarding.gateway.server.support.Multipart;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The flows as Camel routes, in the running gateway (real broker, database and Keycloak tokens): each flow's route
 * completes its steps once per message, and a step that keeps failing ends, after the error policy's attempts, in the
 * operators' dead-letter view, from which a re-run delivers exactly once.
 */
class FlowRoutesIT extends GatewayIntegrationTest {

    /** The failing step advised into dv-notification: off except while a test wants routing to fail. */
    private static final AtomicBoolean REGISTER_UNREACHABLE = new AtomicBoolean();
    private static volatile boolean advised;

    @Autowired
    CamelContext camel;

    @Autowired
    AuditTrail audit;

    @AfterEach
    void registerBack() {
        REGISTER_UNREACHABLE.set(false);
    }

    private String childOnPlan() {
        String nhs = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status()).isEqualTo(201);
        return nhs;
    }

    private List<JsonNode> copies(String user, String reference) {
        JsonNode messages = api.get("/api/v1/inbox?type=dv-notification&size=200", Tokens.user(user)).json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false).filter(m -> reference.equals(m.get("reference").asString())).toList();
    }

    private List<JsonNode> deadLetters() {
        Api.Response listed = api.get("/api/v1/admin/dead-letters", Tokens.user("ops"));
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        return StreamSupport.stream(listed.json().get("deadLetters").spliterator(), false).toList();
    }

    @Test
    void dvNotificationRunsItsStepsOnceAndSendsOneSecureCopyPerRecipient() {
        String nhs = childOnPlan();
        NotifyBuilder routed = new NotifyBuilder(camel).fromRoute("dv-notification").whenCompleted(1).create();
        String id = Incidents.notifiedFor(api, nhs);

        assertThat(routed.matches(20, TimeUnit.SECONDS)).as("dv-notification completed").isTrue();
        await().atMost(Duration.ofSeconds(15)).until(() -> copies("sw.derby", id).size() == 1 && copies("dsl.derby", id).size() == 1);
        assertThat(audit.latest(500)).as("secure-copy: one copy each to the LA and the school, each recorded")
                .filteredOn(r -> r.entry().action().equals("deliver") && r.entry().resource().equals("dv-notification/" + id)).hasSize(2);
        assertThat(copies("sw.derby", id)).hasSize(1);
        assertThat(copies("dsl.derby", id)).hasSize(1);
    }

    @Test
    void documentDistributionAnswersAfterEveryRecipientsCopyIsCommitted() throws Exception {
        String nhs = Plans.freshNhsNumber();
        NotifyBuilder distributed = new NotifyBuilder(camel).fromRoute("document-distribution").whenCompleted(1).create();
        String planId = Plans.id();
        assertThat(api.put("/api/v1/plans/" + planId, Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status()).isIn(200, 201);
        String metadata = """
                {"kind":"conference-minutes","planId":"%s","nhsNumber":"%s","title":"Initial conference","recipients":["gp-derby-central","hv-derby"]}"""
                .formatted(planId, nhs);
        Multipart body = new Multipart().json("metadata", metadata)
                .file("file", "minutes.txt", "text/plain", "Minutes of the initial child protection conference.".getBytes());
        Api.Response uploaded = api.send(api.request("/api/v1/documents", Tokens.user("sw.derby"), "Content-Type", body.contentType())
                .POST(body.publisher()));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(202);
        assertThat(distributed.matches(1, TimeUnit.SECONDS)).as("the route had completed when the 202 came").isTrue();
        String documentId = uploaded.json().get("id").asString();
        JsonNode status = api.get("/api/v1/documents/" + documentId, Tokens.user("sw.derby")).json();
        assertThat(StreamSupport.stream(status.get("deliveries").spliterator(), false).map(r -> r.get("status").asString()))
                .as(status.toString()).containsExactly("delivered", "delivered");
    }

    @Test
    void aStepThatKeepsFailingEndsInTheDeadLetterViewAndItsReRunDeliversOnce() throws Exception {
        adviseAFailingStep();
        String nhs = childOnPlan();
        REGISTER_UNREACHABLE.set(true);
        String id = Incidents.notifiedFor(api, nhs);

        JsonNode dead = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters().stream()
                .filter(d -> id.equals(d.get("id").asString())).findFirst().orElse(null), d -> d != null);
        assertThat(dead.get("queue").asString()).isEqualTo("dv-routing");
        assertThat(dead.get("flow").asString()).isEqualTo("dv-notification");
        assertThat(dead.get("reason").asString()).contains("register unreachable");
        assertThat(dead.get("attempts").asInt()).as("the error policy's attempts (3 in tests)").isEqualTo(3);
        assertThat(dead.get("failedAt").asString()).isNotBlank();
        assertThat(dead.toString()).as("no child data").doesNotContain(nhs).doesNotContain("Test");
        assertThat(copies("sw.derby", id)).as("nothing sent while it failed").isEmpty();

        // refused to anyone but operators, whether or not the dead letter exists; bad ids are named
        assertThat(api.get("/api/v1/admin/dead-letters", Tokens.user("sw.derby")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/admin/dead-letters", null).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/admin/dead-letters/" + id + "/retry", Tokens.user("sw.derby"), "").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/admin/dead-letters/no-such-letter/retry", Tokens.user("sw.derby"), "").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/admin/dead-letters/no-such-letter/retry", Tokens.user("ops"), "").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/admin/dead-letters/bad'id/retry", Tokens.user("ops"), "").status()).isEqualTo(400);

        REGISTER_UNREACHABLE.set(false);
        Api.Response rerun = api.post("/api/v1/admin/dead-letters/" + id + "/retry", Tokens.user("ops"), "");
        assertThat(rerun.status()).as(rerun.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> copies("sw.derby", id).size() == 1 && copies("dsl.derby", id).size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> copies("sw.derby", id).size() == 1);
        assertThat(deadLetters()).noneMatch(d -> id.equals(d.get("id").asString()));
        assertThat(api.post("/api/v1/admin/dead-letters/" + id + "/retry", Tokens.user("ops"), "").status())
                .as("re-run once: it is no longer a dead letter").isEqualTo(404);
        assertThat(audit.latest(500)).as("the re-run is audited with the operator's name")
                .anyMatch(r -> r.entry().action().equals("delivery-admin") && ("dead-letter/" + id).equals(r.entry().resource())
                        && r.entry().outcome().equals("allowed"));
    }

    private void adviseAFailingStep() throws Exception {
        if (advised) {
            return;
        }
        AdviceWith.adviceWith(camel, "dv-notification", a -> a.weaveByToUri(SecureCopyRoute.URI).before()
                .process(e -> {
                    if (REGISTER_UNREACHABLE.get()) {
                        throw new IllegalStateException("test: the register unreachable");
                    }
                }));
        advised = true;
    }
}
