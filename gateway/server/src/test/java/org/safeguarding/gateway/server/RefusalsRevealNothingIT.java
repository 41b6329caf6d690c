package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Multipart;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Decide before you reveal, across the endpoints that name a resource: a caller who may not act gets the same answer for
 * a resource that exists and for one that does not (the ids aside), nothing in it describes the resource, and the
 * refusal is in the audit trail.
 */
class RefusalsRevealNothingIT extends GatewayIntegrationTest {

    private static final String ID = "{id}";

    @Autowired
    AuditTrail audit;

    /** One request shape, sent once for a resource that exists and once for one that does not. */
    private record Probe(String what, Function<String, Api.Response> send) {}

    private void assertSameRefusal(Probe probe, String existing, String missing, String... callers) {
        for (String caller : callers) {
            Api.Response there = probe.send().apply(existing + "\u0000" + caller);
            Api.Response absent = probe.send().apply(missing + "\u0000" + caller);
            assertThat(there.status()).as(probe.what() + " by " + caller + ": " + there).isIn(403, 404);
            assertThat(normalised(there.body(), existing)).as(probe.what() + " by " + caller + ", existing against missing")
                    .isEqualTo(normalised(absent.body(), missing));
            assertThat(there.status()).isEqualTo(absent.status());
            assertThat(there.body()).as("nothing about the resource in the refusal").doesNotContain("la-derby").doesNotContain("Derby");
        }
    }

    /** The id the caller sent, and an OperationOutcome's own id, are the only differences allowed. */
    private static String normalised(String body, String id) {
        return body.replace(id, ID).replaceFirst("\"id\":\"[0-9a-f-]{36}\",", "");
    }

    private static String id(String idAndCaller) {
        return idAndCaller.substring(0, idAndCaller.indexOf('\u0000'));
    }

    private static String token(String idAndCaller) {
        String caller = idAndCaller.substring(idAndCaller.indexOf('\u0000') + 1);
        return caller.equals("other-force") ? Tokens.otherForce() : Tokens.user(caller);
    }

    @Test
    void plansDocumentsNotificationsInboxCopiesChildrenAndIndicators() {
        String nhs = Plans.freshNhsNumber();
        String plan = Plans.id();
        String sibling = Plans.id();
        assertThat(api.put("/api/v1/plans/" + plan, Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status()).isEqualTo(201);
        assertThat(api.put("/api/v1/plans/" + sibling, Tokens.user("sw.derby"), Plans.json(Plans.freshNhsNumber(), "CPP", "la-derby"))
                .status()).isEqualTo(201);
        String missingPlan = "NO-SUCH-" + UUID.randomUUID().toString().substring(0, 8);

        assertSameRefusal(new Probe("DELETE plan", c -> api.delete("/api/v1/plans/" + id(c), token(c))), plan, missingPlan,
                "sw.nottingham", "police.derbyshire", "dsl.derby", "gp.derby");
        assertSameRefusal(new Probe("transfer", c -> api.post("/api/v1/plans/" + id(c) + "/transfer", token(c),
                "{\"newPlanId\":\"" + Plans.id() + "\"}")), plan, missingPlan, "police.derbyshire", "dsl.derby", "gp.derby");
        String group = Plans.id();
        assertSameRefusal(new Probe("sibling group", c -> api.put("/api/v1/sibling-groups/" + group, token(c),
                "{\"planIds\":[\"" + id(c) + "\",\"" + id(c) + "-2\"]}")), plan, missingPlan, "sw.nottingham", "police.derbyshire");

        String document = upload(plan, nhs);
        assertSameRefusal(new Probe("document status", c -> api.get("/api/v1/documents/" + id(c), token(c))), document,
                UUID.randomUUID().toString(), "sw.nottingham", "gp.derby", "police.derbyshire");

        String notification = dvNotification(nhs);
        String missingNotification = UUID.randomUUID().toString();
        assertSameRefusal(new Probe("DV status", c -> api.get("/api/v1/dv-notifications/" + id(c), token(c))), notification,
                missingNotification, "other-force", "sw.nottingham", "dsl.derby", "gp.derby");
        assertSameRefusal(new Probe("DV outcome", c -> api.post("/api/v1/dv-notifications/" + id(c) + "/outcome", token(c),
                "{\"decision\":\"early-help\"}")), notification, missingNotification, "police.derbyshire", "sw.nottingham");

        api.careTeams(nhs, Tokens.user("ae.clinician"));
        String message = await().atMost(Duration.ofSeconds(10)).until(() -> accessNotificationAbout(nhs), m -> m != null);
        String missingMessage = UUID.randomUUID().toString();
        assertSameRefusal(new Probe("inbox copy", c -> api.get("/api/v1/inbox/" + id(c) + "/content", token(c))), message,
                missingMessage, "sw.nottingham", "hv.derby", "ae.clinician");
        assertSameRefusal(new Probe("acknowledge", c -> api.post("/api/v1/inbox/" + id(c) + "/acknowledge", token(c), "")), message,
                missingMessage, "sw.nottingham", "dsl.derby", "ae.clinician");

        String noPlan = Plans.freshNhsNumber();
        assertSameRefusal(new Probe("CP lookup", c -> api.careTeams(id(c), token(c))), nhs, noPlan, "police.derbyshire", "nobody",
                "dsl.derby");
        assertSameRefusal(new Probe("access report", c -> api.get("/api/v1/access-report?nhsNumber=" + id(c), token(c))), nhs, noPlan,
                "sw.nottingham", "gp.derby", "police.derbyshire");

        assertThat(audit.latest(500)).as("the refusals about the missing ones are audited too")
                .anySatisfy(r -> assertThat(r.entry().resource()).contains(missingPlan))
                .anySatisfy(r -> assertThat(r.entry().resource()).contains(missingNotification))
                .allSatisfy(r -> {
                    if (r.entry().resource().contains(missingPlan)) {
                        assertThat(r.entry().outcome()).isEqualTo("denied");
                    }
                });
    }

    private String upload(String plan, String nhs) {
        String meta = "{\"kind\":\"conference-minutes\",\"planId\":\"" + plan + "\",\"nhsNumber\":\"" + nhs
                + "\",\"title\":\"Initial conference\",\"recipients\":[\"gp-derby-central\"]}";
        Multipart body = new Multipart().json("metadata", meta).file("file", "m.txt", "text/plain",
                "synthetic minutes".getBytes(StandardCharsets.UTF_8));
        Api.Response response = api.send(api.request("/api/v1/documents", Tokens.user("sw.derby"), "Content-Type", body.contentType())
                .POST(body.publisher()));
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return response.json().get("id").asString();
    }

    private String dvNotification(String nhs) {
        String body = """
                {"forceReference":"DBY-%s","incidentDateTime":"%s","riskLevel":"standard","location":{"postcode":"DE1 2AB"},
                 "summary":"Officers attended a disturbance (synthetic).",
                 "childrenPresent":[{"nhsNumber":"%s","givenName":"Test","familyName":"Child","birthDate":"2021-04-01"}],
                 "adultsInvolved":[{"givenName":"Adam","familyName":"Adult","relationship":"father"}],
                 "officer":{"name":"PC Jane Doe","collarNumber":"DC1234","phone":"01632 960500"}}
                """.formatted(UUID.randomUUID(), Instant.now().minus(Duration.ofHours(1)), nhs);
        Api.Response response = api.send(api.request("/api/v1/dv-notifications", Tokens.user("police.derbyshire"), "Content-Type",
                "application/json", "Idempotency-Key", UUID.randomUUID().toString()).POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return response.json().get("id").asString();
    }

    private String accessNotificationAbout(String nhs) {
        var messages = api.get("/api/v1/inbox?type=access-notification&size=100", Tokens.user("sw.derby")).json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false).filter(m -> nhs.equals(m.get("nhsNumber").asString(null)))
                .map(m -> m.get("id").asString()).findFirst().orElse(null);
    }

    @Test
    void aRefusalTellsTheKindOfRefusalOnly() {
        String plan = Plans.id();
        assertThat(api.put("/api/v1/plans/" + plan, Tokens.user("sw.derby"), Plans.json(Plans.freshNhsNumber(), "CPP", "la-derby"))
                .status()).isEqualTo(201);
        Api.Response refused = api.delete("/api/v1/plans/" + plan, Tokens.user("sw.nottingham"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("code").asString()).isEqualTo("OTHER_ORGANISATION");
        assertThat(refused.json().get("detail").asString()).isEqualTo("the caller's organisation may not make this request");
        assertThat(List.of(refused.body())).noneMatch(b -> b.contains("la-derby"));
    }
}
