package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.audit.AuditRoutes;
import org.safeguarding.gateway.core.inbox.InboxRetention;
import org.safeguarding.gateway.core.register.RegisterRetention;
import org.safeguarding.gateway.core.register.RegisterRetention.Purged;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The register's retention: an ended plan is purged once its retention has passed, with its sibling links;
 * a transfer record stays while the plan continuing it does; everything else stays, the audit trail too. And every
 * retention (the register's, the inboxes' and the trail's) runs as a scheduled route.
 */
class RetentionIT extends GatewayIntegrationTest {

    @Autowired
    RegisterRetention retention;

    @Autowired
    RetentionProperties properties;

    @Autowired
    CamelContext camel;

    @Autowired
    JdbcClient jdbc;

    private String plan(String nhs, String la, LocalDate start, LocalDate end, String token) {
        return plan(Plans.id(), nhs, la, start, end, token);
    }

    private String plan(String planId, String nhs, String la, LocalDate start, LocalDate end, String token) {
        var put = api.put("/api/v1/plans/" + planId, token, Plans.json(nhs, la, start, end, LocalDate.now(CLOCK).minusYears(15)));
        assertThat(put.status()).as(put.toString()).isIn(200, 201);
        return planId;
    }

    private long rows(String sql, String planId) {
        return jdbc.sql(sql).param(planId).query(Long.class).single();
    }

    @Test
    void everyRetentionRunsAsAScheduledRoute() {
        for (String route : List.of(RegisterRetention.ROUTE_ID, InboxRetention.TIMER_ROUTE_ID, InboxRetention.ROUTE_ID, AuditRoutes.RETENTION_ROUTE_ID)) {
            assertThat(camel.getRouteController().getRouteStatus(route).isStarted()).as(route).isTrue();
        }
    }

    @Test
    void anEndedPlanIsPurgedOnceItsRetentionHasPassedAndOnlyThen() {
        LocalDate today = LocalDate.now(CLOCK);
        LocalDate retentionEndsIn5Days = today.minus(properties.plans()).plusDays(5);
        String derby = Tokens.user("sw.derby");

        // a child whose Derby plan moved to Nottingham, was in a sibling group, and ended (as corrected) long ago
        String moved = Plans.freshNhsNumber();
        String old = plan(moved, "la-derby", today.minusYears(9), null, derby);
        String continued = "NOT-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/plans/" + old + "/transfer", Tokens.user("sw.nottingham"), "{\"newPlanId\":\"" + continued + "\"}").status())
                .isEqualTo(201);
        plan(old, moved, "la-derby", today.minusYears(9), retentionEndsIn5Days, derby);
        String sibling = plan(Plans.freshNhsNumber(), "la-derby", today.minusYears(1), null, derby);
        String group = "SIB-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.put("/api/v1/sibling-groups/" + group, derby, "{\"planIds\":[\"" + old + "\",\"" + sibling + "\"]}").status())
                .isEqualTo(204);
        // ended ten days ago; and ended long ago, but its retention runs five days beyond the other's
        String recent = plan(Plans.freshNhsNumber(), "la-derby", today.minusYears(2), today.minusDays(10), derby);
        String later = plan(Plans.freshNhsNumber(), "la-derby", today.minusYears(9), retentionEndsIn5Days.plusDays(5), derby);
        List<String> mine = List.of(old, continued, sibling, recent, later);

        assertThat(retention.purge()).extracting(Purged::planId).as("all within their retention").doesNotContainAnyElementsOf(mine);

        CLOCK.advance(Duration.ofDays(7));
        List<Purged> purged;
        try {
            purged = retention.purge();
            assertThat(retention.purge()).extracting(Purged::planId).as("purged once").doesNotContain(old);
        } finally {
            CLOCK.reset();
        }
        assertThat(purged).filteredOn(p -> mine.contains(p.planId())).containsExactly(new Purged(old, moved, retentionEndsIn5Days));
        assertThat(rows("SELECT COUNT(*) FROM cp_plan WHERE plan_id = ?", old)).isZero();
        assertThat(rows("SELECT COUNT(*) FROM plan_sibling WHERE plan_id = ?", old)).as("its sibling links go with it").isZero();
        assertThat(rows("SELECT COUNT(*) FROM plan_transfer WHERE plan_id = ?", continued)).as("the continuing plan keeps its history").isOne();
        for (String kept : List.of(continued, sibling, recent, later)) {
            assertThat(rows("SELECT COUNT(*) FROM cp_plan WHERE plan_id = ?", kept)).as(kept).isOne();
        }

        JsonNode lookup = api.careTeams(moved, Tokens.user("ae.clinician")).json();
        assertThat(lookup.get("total").asInt()).as("only the continuing plan is left to find").isEqualTo(1);
        assertThat(lookup.get("entry").get(0).get("resource").get("contained").get(0).get("identifier").get(0).get("value").asString())
                .isEqualTo("la-nottingham");

        List<JsonNode> events = StreamSupport.stream(api.get("/api/v1/audit?nhsNumber=" + moved, Tokens.user("auditor")).json()
                .get("events").spliterator(), false).toList();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("action").asString()).isEqualTo("plan-purge");
            assertThat(e.get("resource").asString()).isEqualTo("plan/" + old);
            assertThat(e.get("subject").asString()).isEqualTo("gateway");
            assertThat(e.get("outcome").asString()).isEqualTo("purged");
            assertThat(e.get("reason").asString()).isEqualTo("ended " + retentionEndsIn5Days + ", retention " + properties.plans());
        });
        assertThat(events).as("the plan's history stays").anySatisfy(e -> {
            assertThat(e.get("action").asString()).isEqualTo("plan-write");
            assertThat(e.get("resource").asString()).isEqualTo("plan/" + old);
        });
        assertThat(events).filteredOn(e -> e.get("action").asString().equals("plan-purge")).hasSize(1);
    }
}
