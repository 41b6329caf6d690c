package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Each notifying lookup of a child with a plan tells the responsible authority once, through the broker. */
class AccessNotificationIT extends GatewayIntegrationTest {

    @Autowired
    Outbox outbox;

    @Test
    void exactlyOneNotificationPerNotifyingLookupAndNoneForASilentRead() {
        String nhs = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status())
                .isEqualTo(201);

        api.careTeams(nhs, Tokens.user("ae.clinician"));
        api.get("/fhir/Flag?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs, Tokens.user("gp.derby"));
        api.careTeams(nhs, Tokens.system("ae-system"));
        api.careTeams(nhs, Tokens.user("safeguarding.nurse"), "IsUnscheduledAccessEvent", "false");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(notificationsAbout(nhs, "sw.derby")).hasSize(3));
        await().atMost(Duration.ofSeconds(5)).until(() -> outbox.pendingCount() == 0);
        assertThat(notificationsAbout(nhs, "sw.derby")).as("still three once the outbox has drained").hasSize(3);
        List<JsonNode> notes = notificationsAbout(nhs, "sw.derby");
        assertThat(notes).extracting(n -> n.get("summary").asString())
                .anySatisfy(s -> assertThat(s).contains("Alex Emery (unscheduled-care)", "ae-royal-derby"))
                .anySatisfy(s -> assertThat(s).contains("Gita Practitioner (gp)", "gp-derby-central"))
                .anySatisfy(s -> assertThat(s).as("a system client by its name").contains("service-account-ae-system (unscheduled-care)"))
                .noneSatisfy(s -> assertThat(s).contains("safeguarding-health"));
        assertThat(notificationsAbout(nhs, "sw.nottingham")).as("another authority hears nothing").isEmpty();
    }

    @Test
    void aChildWithoutAPlanNotifiesNobody() {
        String nhs = Plans.freshNhsNumber();
        api.careTeams(nhs, Tokens.user("ae.clinician"));
        await().atMost(Duration.ofSeconds(5)).until(() -> outbox.pendingCount() == 0);
        assertThat(notificationsAbout(nhs, "sw.derby")).isEmpty();
    }

    @Test
    void aRecipientAcknowledgesItsOwnMessageButNotAnotherOrganisations() {
        String nhs = Plans.freshNhsNumber();
        api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby"));
        api.careTeams(nhs, Tokens.user("ae.clinician"));
        await().atMost(Duration.ofSeconds(10)).until(() -> notificationsAbout(nhs, "sw.derby").size() == 1);
        String id = notificationsAbout(nhs, "sw.derby").get(0).get("id").asString();

        assertThat(api.post("/api/v1/inbox/" + id + "/acknowledge", Tokens.user("sw.nottingham"), "").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/inbox/" + id + "/acknowledge", Tokens.user("ae.clinician"), "").status())
                .as("A&E has no inbox").isEqualTo(403);
        assertThat(api.post("/api/v1/inbox/" + id + "/acknowledge", Tokens.user("sw.derby"), "").status()).isEqualTo(204);
        assertThat(notificationsAbout(nhs, "sw.derby").get(0).get("acknowledgedAt").isNull()).isFalse();
    }

    @Test
    void theInboxIsFilteredByTypeAndPaged() {
        // two access notifications of this test's own, so the pages below cannot be empty
        for (int i = 0; i < 2; i++) {
            String nhs = Plans.freshNhsNumber();
            api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby"));
            api.careTeams(nhs, Tokens.user("ae.clinician"));
            await().atMost(Duration.ofSeconds(10)).until(() -> notificationsAbout(nhs, "sw.derby").size() == 1);
        }
        var page = api.get("/api/v1/inbox?type=access-notification&size=1", Tokens.user("sw.derby")).json();
        assertThat(page.get("size").asInt()).isEqualTo(1);
        assertThat(page.get("messages").size()).isEqualTo(1);
        var next = api.get("/api/v1/inbox?type=access-notification&size=1&page=1", Tokens.user("sw.derby")).json();
        assertThat(next.get("messages").size()).isEqualTo(1);
        assertThat(next.get("messages").get(0).get("id").asString()).as("the second page holds the next message")
                .isNotEqualTo(page.get("messages").get(0).get("id").asString());
        var typed = api.get("/api/v1/inbox?type=access-notification&size=50", Tokens.user("sw.derby")).json().get("messages");
        assertThat(typed.size()).isGreaterThanOrEqualTo(2);
        typed.forEach(m -> assertThat(m.get("type").asString()).isEqualTo("access-notification"));
        assertThat(api.get("/api/v1/inbox", Tokens.user("nobody")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/inbox", Tokens.user("ae.clinician")).status()).isEqualTo(403);
    }

    private List<JsonNode> notificationsAbout(String nhs, String user) {
        JsonNode messages = api.get("/api/v1/inbox?type=access-notification&size=200", Tokens.user(user)).json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false)
                .filter(m -> nhs.equals(m.get("nhsNumber").asString(null))).toList();
    }
}
