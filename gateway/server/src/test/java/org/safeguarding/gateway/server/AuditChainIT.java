package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The stored trail verifies through the endpoint, and an edit to any one record is found at that record. */
class AuditChainIT extends GatewayIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theChainVerifiesAndAnAlteredRecordIsLocated() {
        api.careTeams(Plans.freshNhsNumber(), Tokens.user("ae.clinician"), "TraceID", "chain-check");
        var verified = api.get("/api/v1/audit/verify", Tokens.user("auditor")).json();
        assertThat(verified.get("valid").asBoolean()).as(verified.toString()).isTrue();
        long records = verified.get("records").asLong();
        assertThat(records).isGreaterThan(1);

        long victim = Math.max(1, records / 2);
        String original = jdbc.sql("SELECT outcome FROM audit_record WHERE seq = ?").param(victim).query(String.class).single();
        try {
            jdbc.sql("UPDATE audit_record SET outcome = ? WHERE seq = ?")
                    .params(original.equals("allowed") ? "denied" : "allowed", victim).update();
            var broken = api.get("/api/v1/audit/verify", Tokens.user("auditor")).json();
            assertThat(broken.get("valid").asBoolean()).isFalse();
            assertThat(broken.get("firstBrokenRecord").asLong()).isEqualTo(victim);
        } finally {
            jdbc.sql("UPDATE audit_record SET outcome = ? WHERE seq = ?").params(original, victim).update();
        }
        assertThat(api.get("/api/v1/audit/verify", Tokens.user("auditor")).json().get("valid").asBoolean()).isTrue();
    }

    @Test
    void theTraceIdIsCarriedIntoTheRecord() {
        String nhs = Plans.freshNhsNumber();
        api.careTeams(nhs, Tokens.user("ae.clinician"), "TraceID", "ed-visit-42");
        var events = api.get("/api/v1/audit?nhsNumber=" + nhs, Tokens.user("auditor")).json().get("events");
        assertThat(events.get(0).get("action").asString()).as("the auditor's own read is recorded first").isEqualTo("audit-read");
        var lookup = events.get(1);
        assertThat(lookup.get("action").asString()).isEqualTo("cp-lookup");
        assertThat(lookup.get("traceId").asString()).isEqualTo("ed-visit-42");
        assertThat(lookup.get("orgId").asString()).isEqualTo("ae-royal-derby");
        assertThat(lookup.get("outcome").asString()).isEqualTo("allowed");
    }
}
