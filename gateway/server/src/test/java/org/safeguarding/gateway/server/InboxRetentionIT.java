package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.inbox.InboxRetention;
import org.safeguarding.gateway.core.persistence.Timestamps;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Incidents;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The inboxes' retention: a message goes once the retention has passed since its acknowledgement, a receipt since its
 * delivery; a message awaiting acknowledgement stays however old, and is counted in the run's record; each purge is
 * recorded, with the child, and only the one copy goes, not the other recipients' copies of the same notification.
 */
class InboxRetentionIT extends GatewayIntegrationTest {

    @Autowired
    InboxRetention retention;

    @Autowired
    RetentionProperties properties;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aMessageGoesTheRetentionAfterItsAcknowledgementAndAMessageAwaitingOneNever() {
        String nhs = Plans.registeredInDerby(api, "a plan of la-derby");
        for (int i = 0; i < 3; i++) {
            assertThat(api.careTeams(nhs, Tokens.user("ae.clinician")).status()).isEqualTo(200);
        }
        List<String> notices = ids(messages("sw.derby", "access-notification", m -> nhs.equals(m.path("nhsNumber").asString())));
        assertThat(notices).hasSize(3);
        String acknowledged = notices.get(2);
        String unacknowledged = notices.get(1);
        String acknowledgedLater = notices.get(0);
        acknowledge(acknowledged, "sw.derby");

        // the same notification to the authority and to the school; the authority acknowledges its copy, the school does not
        String notification = Incidents.notifiedFor(api, nhs);
        await().atMost(Duration.ofSeconds(15)).until(() -> copy("sw.derby", notification) != null && copy("dsl.derby", notification) != null);
        String authoritysCopy = copy("sw.derby", notification);
        String schoolsCopy = copy("dsl.derby", notification);
        String receipt = "receipt-" + notification;
        acknowledge(authoritysCopy, "sw.derby");
        assertThat(api.get("/api/v1/inbox/" + authoritysCopy + "/content", Tokens.user("sw.derby")).status()).isEqualTo(200);

        acknowledge(acknowledgedLater, "sw.derby");
        List<String> mine = List.of(acknowledged, unacknowledged, acknowledgedLater, authoritysCopy, schoolsCopy, receipt);

        // The messages are dated back rather than the shared clock moved years ahead: a checkpoint that the audit timer
        // signed meanwhile would be dated past the signing certificate, and every later verification of the trail would
        // fail on it. Delivered and acknowledged the retention ago less a day, then more; one acknowledged a year later.
        Instant now = CLOCK.instant();
        Duration retentionAgo = Duration.between(now.atZone(ZoneOffset.UTC).minus(properties.inbox()).toInstant(), now);
        dateBack(mine, retentionAgo.minusDays(1));
        dateBack(List.of("acknowledged_at"), acknowledgedLater, Duration.ofDays(-365));
        retention.runOnce();
        assertThat(mine).as("all within their retention").allMatch(this::inTheStore);

        dateBack(mine, Duration.ofDays(2));
        // from the store: dated back, the message is no longer among the newest of la-derby's inbox
        Instant acknowledgedAt = jdbc.sql("SELECT acknowledged_at FROM inbox_message WHERE id = ?").param(acknowledged)
                .query((rs, row) -> Timestamps.instant(rs, "acknowledged_at")).single();
        retention.runOnce();
        Map<String, Long> kept = retention.runOnce();
        assertThat(List.of(acknowledged, authoritysCopy, receipt)).as("acknowledged, or a receipt, the retention ago").noneMatch(this::inTheStore);
        assertThat(List.of(unacknowledged, schoolsCopy)).as("awaiting acknowledgement").allMatch(this::inTheStore);
        assertThat(acknowledgedLater).as("acknowledged a year later").matches(this::inTheStore);
        assertThat(kept).as("counted as kept").containsKeys("la-derby", "school-derby-primary");
        assertThat(kept.get("la-derby")).isPositive();

        assertThat(api.get("/api/v1/inbox/" + authoritysCopy + "/content", Tokens.user("sw.derby")).status()).as("gone from the inbox").isEqualTo(404);
        assertThat(api.post("/api/v1/inbox/" + acknowledged + "/acknowledge", Tokens.user("sw.derby"), "").status()).isEqualTo(404);
        JsonNode status = api.get("/api/v1/dv-notifications/" + notification, Tokens.user("police.derbyshire")).json();
        assertThat(StreamSupport.stream(status.get("deliveries").spliterator(), false)
                .filter(d -> d.get("recipient").asString().equals("la-derby")).map(d -> d.get("status").asString()))
                .as("the sender still sees its copy acknowledged").containsExactly("acknowledged");

        List<JsonNode> purges = StreamSupport.stream(api.get("/api/v1/audit?nhsNumber=" + nhs, Tokens.user("auditor")).json().get("events")
                .spliterator(), false).filter(e -> e.get("action").asString().equals("inbox-purge")).toList();
        assertThat(purges).as("one record a message, once").extracting(e -> e.get("resource").asString())
                .containsExactlyInAnyOrder("inbox-message/" + acknowledged, "inbox-message/" + authoritysCopy);
        assertThat(purges).allSatisfy(e -> {
            assertThat(e.get("subject").asString()).isEqualTo("gateway");
            assertThat(e.get("outcome").asString()).isEqualTo("purged");
        });
        assertThat(purges).filteredOn(e -> e.get("resource").asString().endsWith(acknowledged)).singleElement()
                .satisfies(e -> assertThat(e.get("reason").asString()).isEqualTo(
                        "access-notification in the inbox of la-derby, acknowledged " + acknowledgedAt + ", retention " + properties.inbox()));
        assertThat(records("purged", "inbox-message/" + receipt)).as("the receipt's, which names no child").singleElement()
                .satisfies(reason -> assertThat(reason).startsWith("dv-receipt in the inbox of police-derbyshire, delivered ")
                        .endsWith(", awaits no acknowledgement, retention " + properties.inbox()));
        assertThat(records("kept", "inbox/*")).as("each run counts what it kept").last().asString()
                .contains("la-derby ").contains("awaiting acknowledgement").contains("kept");
    }

    /** Each message delivered, and acknowledged if it was, {@code by} earlier than it was. */
    private void dateBack(List<String> messageIds, Duration by) {
        messageIds.forEach(id -> dateBack(List.of("created_at", "acknowledged_at"), id, by));
    }

    /** Those dates of one message that it has, {@code by} earlier. */
    private void dateBack(List<String> columns, String messageId, Duration by) {
        for (String column : columns) {
            jdbc.sql("SELECT " + column + " FROM inbox_message WHERE id = ?").param(messageId)
                    .query((rs, row) -> Optional.ofNullable(Timestamps.instant(rs, column))).single()
                    .ifPresent(at -> jdbc.sql("UPDATE inbox_message SET " + column + " = ? WHERE id = ?")
                            .params(Timestamps.utc(at.minus(by)), messageId).update());
        }
    }

    private boolean inTheStore(String messageId) {
        return jdbc.sql("SELECT COUNT(*) FROM inbox_message WHERE id = ?").param(messageId).query(Long.class).single() == 1;
    }

    private List<String> records(String outcome, String resource) {
        return jdbc.sql("SELECT reason FROM audit_record WHERE action = 'inbox-purge' AND outcome = ? AND resource = ? ORDER BY seq")
                .params(outcome, resource).query(String.class).list();
    }

    private void acknowledge(String messageId, String user) {
        Api.Response ack = api.post("/api/v1/inbox/" + messageId + "/acknowledge", Tokens.user(user), "");
        assertThat(ack.status()).as(ack.toString()).isEqualTo(204);
    }

    /** The id of the user's copy of the notification, or null while it has none. */
    private String copy(String user, String notification) {
        List<String> found = ids(messages(user, "dv-notification", m -> notification.equals(m.get("reference").asString())));
        return found.isEmpty() ? null : found.get(0);
    }

    private List<JsonNode> messages(String user, String type, java.util.function.Predicate<JsonNode> which) {
        JsonNode page = api.get("/api/v1/inbox?type=" + type + "&size=200", Tokens.user(user)).json().get("messages");
        return StreamSupport.stream(page.spliterator(), false).filter(which).toList();
    }

    private static List<String> ids(List<JsonNode> messages) {
        return messages.stream().map(m -> m.get("id").asString()).toList();
    }
}
