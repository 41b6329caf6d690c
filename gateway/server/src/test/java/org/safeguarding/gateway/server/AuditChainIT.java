package org.safeguarding.gateway.server;

import org.safeguarding.gateway.core.governance.TrailExport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.safeguarding.gateway.security.crypto.GatewayKeys;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The stored trail verifies through the endpoint, with its signed and time-stamped checkpoints,
 * and each kind of tampering in the database (edit, delete, reorder, truncated tail, forged
 * checkpoint) is found and located; the export verifies offline with the CA certificate alone.
 * Every tampering is undone before the test ends: the context is shared.
 */
class AuditChainIT extends GatewayIntegrationTest {

    private static final String COLUMNS =
            "seq, recorded_at, subject, roles, org_id, action, resource, nhs_number, outcome, trace_id, reason, previous_hash, hash, caller_name";

    @Autowired
    JdbcClient jdbc;

    @Test
    void theChainVerifiesWithTimeStampedCheckpointsAndAnAlteredRecordIsLocated() {
        long records = enoughRecordsForACheckpoint();
        var verified = verify();
        assertThat(verified.get("valid").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("checkpoints").asInt()).isPositive();
        assertThat(TIME_STAMPS.requestsServed()).as("checkpoints were time-stamped by the TSA").isPositive();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_checkpoint WHERE time_stamp_token IS NOT NULL").query(Long.class).single()).isPositive();

        long victim = Math.max(1, records / 2);
        String original = jdbc.sql("SELECT outcome FROM audit_record WHERE seq = ?").param(victim).query(String.class).single();
        try {
            jdbc.sql("UPDATE audit_record SET outcome = ? WHERE seq = ?")
                    .params(original.equals("allowed") ? "denied" : "allowed", victim).update();
            var broken = verify();
            assertThat(broken.get("valid").asBoolean()).isFalse();
            assertThat(broken.get("firstBrokenRecord").asLong()).isEqualTo(victim);
        } finally {
            jdbc.sql("UPDATE audit_record SET outcome = ? WHERE seq = ?").params(original, victim).update();
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void aDeletedRecordIsLocated() {
        long victim = enoughRecordsForACheckpoint() / 3;
        List<Map<String, Object>> removed = remove("seq = " + victim);
        try {
            var broken = verify();
            assertThat(broken.get("valid").asBoolean()).isFalse();
            assertThat(broken.get("firstBrokenRecord").asLong()).isEqualTo(victim);
        } finally {
            restore(removed);
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void reorderedRecordsAreLocated() {
        long first = enoughRecordsForACheckpoint() / 4;
        swapSeq(first, first + 1);
        try {
            var broken = verify();
            assertThat(broken.get("valid").asBoolean()).isFalse();
            assertThat(broken.get("firstBrokenRecord").asLong()).isEqualTo(first);
        } finally {
            swapSeq(first, first + 1);
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void aTruncatedTailIsLocated() {
        enoughRecordsForACheckpoint();
        long newestCheckpoint = jdbc.sql("SELECT MAX(seq) FROM audit_checkpoint").query(Long.class).single();
        // remove everything from just before the newest checkpoint onwards: the chain that is left is intact
        List<Map<String, Object>> removed = remove("seq >= " + (newestCheckpoint - 2));
        try {
            var broken = verify();
            assertThat(broken.get("valid").asBoolean()).as(broken.toString()).isFalse();
            assertThat(broken.get("firstBrokenRecord").asLong()).isEqualTo(newestCheckpoint - 2);
            // the auditor's own verify request is recorded before the walk, so the gap may be followed by that record
            assertThat(broken.get("problem").asString()).contains("removed");
        } finally {
            restore(removed);
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void aForgedCheckpointIsLocated() {
        enoughRecordsForACheckpoint();
        long seq = jdbc.sql("SELECT MIN(seq) FROM audit_checkpoint").query(Long.class).single();
        var original = jdbc.sql("SELECT record_hash, signed_at, signature FROM audit_checkpoint WHERE seq = ?").param(seq).query().singleRow();
        // a rewritten chain would need a checkpoint over its new hash: signed with a key the gateway's CA never certified
        CmsEnvelope impostor = new CmsEnvelope(GatewayKeys.loadOrCreate(dataDirectory().resolveSibling("impostor-" + seq)).signer());
        String forged = java.util.Base64.getEncoder().encodeToString(impostor.signOnly(("forged " + seq).getBytes(StandardCharsets.UTF_8)));
        jdbc.sql("UPDATE audit_checkpoint SET signature = ?, record_hash = ? WHERE seq = ?").params(forged, "f".repeat(64), seq).update();
        try {
            var broken = verify();
            assertThat(broken.get("valid").asBoolean()).isFalse();
            assertThat(broken.get("brokenCheckpoint").asLong()).isEqualTo(seq);
            assertThat(broken.get("problem").asString()).contains("signature does not verify");
        } finally {
            jdbc.sql("UPDATE audit_checkpoint SET signature = ?, record_hash = ? WHERE seq = ?")
                    .params(original.get("signature"), original.get("record_hash"), seq).update();
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void theExportVerifiesOfflineWithOnlyTheGatewayCertificate() throws Exception {
        enoughRecordsForACheckpoint();
        var response = api.get("/api/v1/audit/export", Tokens.user("auditor"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith(TrailExport.MEDIA_TYPE);
        Path export = Files.createTempFile("audit", ".ndjson");
        Files.writeString(export, response.body());
        Path certificate = dataDirectory().resolve("gateway-ca.pem");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = AuditCli.run(new String[] {"verify", "--certificate", certificate.toString(), export.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(OutputStream.nullOutputStream()));
        assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(AuditCli.VALID);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("signed checkpoints");

        // the CLI's own export, through real HTTP with the auditor's token
        Path viaCli = Files.createTempFile("audit-cli", ".ndjson");
        int exported = AuditCli.run(new String[] {"export", "--gateway", api.base(), "--token", Tokens.user("auditor"), "--out", viaCli.toString()},
                new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()));
        assertThat(exported).isEqualTo(AuditCli.VALID);
        assertThat(AuditCli.run(new String[] {"verify", "--certificate", certificate.toString(), viaCli.toString()},
                new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()))).isEqualTo(AuditCli.VALID);
    }

    @Test
    void onlyTheAuditorExportsAndVerifies() {
        assertThat(api.get("/api/v1/audit/export", Tokens.user("ae.clinician")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/audit/export", Tokens.user("sw.derby")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/audit/verify", Tokens.user("gp.derby")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/audit/export", null).status()).isEqualTo(401);
        var denials = jdbc.sql("SELECT COUNT(*) FROM audit_record WHERE action = 'audit-export' AND outcome = 'denied'").query(Long.class).single();
        assertThat(denials).as("refused exports are recorded").isGreaterThanOrEqualTo(2);
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

    /** Makes records until a checkpoint exists with records after it, and returns the number of records. */
    private long enoughRecordsForACheckpoint() {
        String nhs = Plans.freshNhsNumber();
        for (int i = 0; i < 30; i++) {
            api.careTeams(nhs, Tokens.user("ae.clinician"), "TraceID", "checkpoint-" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT COUNT(*) FROM audit_checkpoint").query(Long.class).single() > 0);
        for (int i = 0; i < 5; i++) {
            api.careTeams(nhs, Tokens.user("ae.clinician"));
        }
        return jdbc.sql("SELECT MAX(seq) FROM audit_record").query(Long.class).single();
    }

    private JsonNode verify() {
        return api.get("/api/v1/audit/verify", Tokens.user("auditor")).json();
    }

    private List<Map<String, Object>> remove(String where) {
        List<Map<String, Object>> rows = new ArrayList<>(jdbc.sql("SELECT " + COLUMNS + " FROM audit_record WHERE " + where).query().listOfRows());
        jdbc.sql("DELETE FROM audit_record WHERE " + where).update();
        return rows;
    }

    private void restore(List<Map<String, Object>> rows) {
        for (Map<String, Object> row : rows) {
            var statement = jdbc.sql("INSERT INTO audit_record (" + COLUMNS + ") VALUES (" + "?, ".repeat(COLUMNS.split(", ").length - 1) + "?)");
            for (String column : COLUMNS.split(", ")) {
                statement = statement.param(row.get(column.toUpperCase()) != null ? row.get(column.toUpperCase()) : row.get(column));
            }
            statement.update();
        }
    }

    private void swapSeq(long a, long b) {
        jdbc.sql("UPDATE audit_record SET seq = -1 WHERE seq = ?").param(a).update();
        jdbc.sql("UPDATE audit_record SET seq = ? WHERE seq = ?").params(a, b).update();
        jdbc.sql("UPDATE audit_record SET seq = ? WHERE seq = -1").param(b).update();
    }
}
