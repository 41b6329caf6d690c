package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.security.audit.AuditRecord;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Each notifying lookup of a child with a plan tells the responsible authority once. The notification is written into
 * the authority's inbox in the same commit as the lookup's audit record, so it is there when the lookup is answered:
 * these tests count it at once, without waiting, and then check that the count stays.
 */
class AccessNotificationIT extends GatewayIntegrationTest {

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcClient jdbc;

    @Test
    void exactlyOneNotificationPerNotifyingLookupAndNoneForASilentRead() {
        String nhs = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status())
                .isEqualTo(201);

        assertFoundThePlan(api.careTeams(nhs, Tokens.user("ae.clinician")));
        assertFoundThePlan(api.get("/fhir/Flag?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs, Tokens.user("gp.derby")));
        assertFoundThePlan(api.careTeams(nhs, Tokens.system("ae-system")));
        assertFoundThePlan(api.careTeams(nhs, Tokens.user("safeguarding.nurse"), "IsUnscheduledAccessEvent", "false"));

        // answered, so written: three notifying lookups, three notifications, each with the audit record of its lookup
        assertThat(notificationsAbout(nhs, "sw.derby")).as("one per notifying lookup, there when the lookup was answered").hasSize(3);
        assertThat(lookupRecords(nhs, "cp-lookup")).hasSize(3);
        assertThat(lookupRecords(nhs, "cp-lookup-silent")).as("the silent read was made, and audited").hasSize(1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> notificationsAbout(nhs, "sw.derby").size() == 3);
        List<JsonNode> notes = notificationsAbout(nhs, "sw.derby");
        assertThat(notes).as("still exactly three: none came twice").hasSize(3);
        assertThat(notes).extracting(n -> n.get("id").asString()).doesNotHaveDuplicates();
        assertThat(notes).extracting(n -> n.get("summary").asString())
                .anySatisfy(s -> assertThat(s).contains("Alex Emery (unscheduled-care)", "ae-royal-derby"))
                .anySatisfy(s -> assertThat(s).contains("Gita Practitioner (gp)", "gp-derby-central"))
                .anySatisfy(s -> assertThat(s).as("a system client by its name").contains("service-account-ae-system (unscheduled-care)"))
                .noneSatisfy(s -> assertThat(s).contains("safeguarding-health"));
        assertThat(notificationsAbout(nhs, "sw.nottingham")).as("another authority hears nothing").isEmpty();
        assertThat(inboxRowsAbout(nhs)).as("nobody else either: the three are all the inbox holds about the child").isEqualTo(3);
    }

    @Test
    void aChildWithoutAPlanNotifiesNobody() {
        String nhs = Plans.freshNhsNumber();
        Api.Response answer = api.careTeams(nhs, Tokens.user("ae.clinician"));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("total").asInt()).isZero();
        assertThat(lookupRecords(nhs, "cp-lookup")).as("the lookup was made, and audited").hasSize(1);
        assertThat(inboxRowsAbout(nhs)).as("no inbox anywhere holds a message about the child").isZero();

        // the same count sees a notification as soon as there is a plan to notify about
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status())
                .isEqualTo(201);
        assertFoundThePlan(api.careTeams(nhs, Tokens.user("ae.clinician")));
        assertThat(inboxRowsAbout(nhs)).isEqualTo(1);
        assertThat(notificationsAbout(nhs, "sw.derby")).hasSize(1);
    }

    @Test
    void aRecipientAcknowledgesItsOwnMessageButNotAnotherOrganisations() {
        String nhs = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status())
                .isEqualTo(201);
        assertFoundThePlan(api.careTeams(nhs, Tokens.user("ae.clinician")));
        List<JsonNode> notes = notificationsAbout(nhs, "sw.derby");
        assertThat(notes).hasSize(1);
        String id = notes.get(0).get("id").asString();
        assertThat(notes.get(0).get("acknowledgedAt").isNull()).as("unread to begin with").isTrue();

        assertThat(api.post("/api/v1/inbox/" + id + "/acknowledge", Tokens.user("sw.nottingham"), "").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/inbox/" + id + "/acknowledge", Tokens.user("auditor"), "").status())
                .as("the auditor has no inbox").isEqualTo(403);
        assertThat(notificationsAbout(nhs, "sw.derby").get(0).get("acknowledgedAt").isNull())
                .as("the refused attempts acknowledged nothing").isTrue();

        assertThat(api.post("/api/v1/inbox/" + id + "/acknowledge", Tokens.user("sw.derby"), "").status()).isEqualTo(204);
        JsonNode acknowledgedAt = notificationsAbout(nhs, "sw.derby").get(0).get("acknowledgedAt");
        assertThat(acknowledgedAt.isNull()).isFalse();
        assertThat(api.post("/api/v1/inbox/" + id + "/acknowledge", Tokens.user("sw.derby"), "").status()).isEqualTo(204);
        assertThat(notificationsAbout(nhs, "sw.derby").get(0).get("acknowledgedAt").asString())
                .as("the first acknowledgement counts").isEqualTo(acknowledgedAt.asString());
    }

    @Test
    void theInboxIsFilteredByTypeAndPaged() {
        // two access notifications of this test's own, so the pages below cannot be empty; only lookups write this type,
        // and nothing else looks up now, so these two are the newest of their type
        String[] ids = new String[2];
        for (int i = 0; i < 2; i++) {
            String nhs = Plans.freshNhsNumber();
            assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status())
                    .isEqualTo(201);
            assertFoundThePlan(api.careTeams(nhs, Tokens.user("ae.clinician")));
            List<JsonNode> notes = notificationsAbout(nhs, "sw.derby");
            assertThat(notes).hasSize(1);
            ids[i] = notes.get(0).get("id").asString();
        }
        var page = api.get("/api/v1/inbox?type=access-notification&size=1", Tokens.user("sw.derby")).json();
        assertThat(page.get("size").asInt()).isEqualTo(1);
        assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(page.get("messages").size()).isEqualTo(1);
        assertThat(page.get("messages").get(0).get("id").asString()).as("newest first").isEqualTo(ids[1]);
        var next = api.get("/api/v1/inbox?type=access-notification&size=1&page=1", Tokens.user("sw.derby")).json();
        assertThat(next.get("messages").size()).isEqualTo(1);
        assertThat(next.get("messages").get(0).get("id").asString()).as("the second page holds the next message").isEqualTo(ids[0]);
        assertThat(next.get("total").asLong()).isEqualTo(page.get("total").asLong());

        var typed = api.get("/api/v1/inbox?type=access-notification&size=50", Tokens.user("sw.derby")).json().get("messages");
        assertThat(ids(typed)).contains(ids[1], ids[0]);
        typed.forEach(m -> assertThat(m.get("type").asString()).isEqualTo("access-notification"));
        var otherType = api.get("/api/v1/inbox?type=dv-notification&size=200", Tokens.user("sw.derby")).json().get("messages");
        assertThat(ids(otherType)).as("another type's listing leaves them out").doesNotContain(ids);
        otherType.forEach(m -> assertThat(m.get("type").asString()).isEqualTo("dv-notification"));
        var all = api.get("/api/v1/inbox?size=200", Tokens.user("sw.derby")).json().get("messages");
        assertThat(ids(all)).as("and the unfiltered listing has them").contains(ids);

        assertThat(api.get("/api/v1/inbox", Tokens.user("nobody")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/inbox", Tokens.user("auditor")).status()).isEqualTo(403);
    }

    private static void assertFoundThePlan(Api.Response lookup) {
        assertThat(lookup.status()).as(lookup.toString()).isEqualTo(200);
        assertThat(lookup.json().get("total").asInt()).as(lookup.toString()).isEqualTo(1);
    }

    private static List<String> ids(JsonNode messages) {
        return StreamSupport.stream(messages.spliterator(), false).map(m -> m.get("id").asString()).toList();
    }

    private List<AuditRecord> lookupRecords(String nhs, String action) {
        return audit.aboutChild(nhs, 100).stream().filter(r -> r.entry().action().equals(action)).toList();
    }

    /** Every inbox message about the child, whoever it was for. */
    private long inboxRowsAbout(String nhs) {
        return jdbc.sql("SELECT COUNT(*) FROM inbox_message WHERE nhs_number = ?").param(nhs).query(Long.class).single();
    }

    private List<JsonNode> notificationsAbout(String nhs, String user) {
        Api.Response inbox = api.get("/api/v1/inbox?type=access-notification&size=200", Tokens.user(user));
        assertThat(inbox.status()).as(inbox.toString()).isEqualTo(200);
        JsonNode messages = inbox.json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false)
                .filter(m -> nhs.equals(m.get("nhsNumber").asString(null))).toList();
    }
}
