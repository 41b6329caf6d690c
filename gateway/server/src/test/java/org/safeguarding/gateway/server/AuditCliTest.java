package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguarding.gateway.security.audit.AuditChain;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditExport;
import org.safeguarding.gateway.security.audit.AuditRecord;
import org.safeguarding.gateway.security.audit.Checkpoint;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.safeguarding.gateway.security.crypto.GatewayKeys;
import org.safeguarding.gateway.security.crypto.Pem;

/** The offline verifier: an export verifies with only the CA certificate, and every kind of tampering with the file is found and located. */
class AuditCliTest {

    @TempDir
    static Path dir;

    static Path certificate;
    static List<String> lines;
    static CmsEnvelope impostor;

    /** 25 records (the odd ones with the caller's name, as since names are kept), checkpoints at 10 and 20. */
    @BeforeAll
    static void anExport() throws IOException {
        GatewayKeys keys = GatewayKeys.loadOrCreate(dir.resolve("gateway"));
        impostor = new CmsEnvelope(GatewayKeys.loadOrCreate(dir.resolve("impostor")).signer());
        certificate = dir.resolve("gateway-ca.pem");
        Pem.write(certificate, keys.caCertificate());
        CmsEnvelope signer = new CmsEnvelope(keys.signer());
        List<AuditRecord> records = new ArrayList<>();
        List<Checkpoint> checkpoints = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        Instant time = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        for (long seq = 1; seq <= 25; seq++) {
            AuditEntry entry = new AuditEntry("user-" + seq + " (ae.clinician)", "unscheduled-care", "ae-royal-derby", "cp-lookup",
                    "child/9990000018", "9990000018", "allowed", "trace-" + seq, "role unscheduled-care may perform CP lookup",
                    seq % 2 == 1 ? "Alex Emery" : null);
            String hash = AuditChain.link(previous, seq, time.plusMillis(seq), entry);
            records.add(new AuditRecord(seq, time.plusMillis(seq), entry, previous, hash));
            previous = hash;
            if (seq % 10 == 0) {
                checkpoints.add(new Checkpoint(seq, hash, time, signer.signOnly(statementOf(seq, hash, time)), null));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AuditExport.write(out, Instant.now(), checkpoints, records.stream());
        lines = List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    private static byte[] statementOf(long seq, String hash, Instant at) {
        return new Checkpoint(seq, hash, at, new byte[0], null).statement();
    }

    @Test
    void an_intact_export_verifies_with_the_ca_certificate_alone() throws IOException {
        Result r = verify(lines);
        assertThat(r.status).as(r.out).isEqualTo(AuditCli.VALID);
        assertThat(r.out).contains("valid: 25 records, 2 signed checkpoints (the newest at record 20)");
    }

    @Test
    void an_edited_record_is_located() throws IOException {
        Result r = verify(change(lines, recordLine(5), l -> l.replace("\"allowed\"", "\"denied\"")));
        assertThat(r.status).isEqualTo(AuditCli.INVALID);
        assertThat(r.out).contains("first broken record 5").contains("altered");
    }

    @Test
    void an_edited_caller_name_is_located() throws IOException {
        assertThat(lines.get(recordLine(5))).contains("\"callerName\":\"Alex Emery\"");
        Result r = verify(change(lines, recordLine(5), l -> l.replace("Alex Emery", "Someone Else")));
        assertThat(r.status).isEqualTo(AuditCli.INVALID);
        assertThat(r.out).contains("first broken record 5");
    }

    @Test
    void a_deleted_record_is_located() throws IOException {
        List<String> tampered = new ArrayList<>(lines);
        tampered.remove(recordLine(7));
        Result r = verify(tampered);
        assertThat(r.status).isEqualTo(AuditCli.INVALID);
        assertThat(r.out).contains("first broken record 7");
    }

    @Test
    void reordered_records_are_located() throws IOException {
        List<String> tampered = new ArrayList<>(lines);
        Collections.swap(tampered, recordLine(3), recordLine(4));
        Result r = verify(tampered);
        assertThat(r.status).isEqualTo(AuditCli.INVALID);
        assertThat(r.out).contains("first broken record 3");
    }

    @Test
    void a_truncated_tail_is_located() throws IOException {
        Result r = verify(lines.subList(0, recordLine(18) + 1));
        assertThat(r.status).isEqualTo(AuditCli.INVALID);
        assertThat(r.out).contains("first broken record 19").contains("ends at record 18");
    }

    @Test
    void a_forged_checkpoint_is_located() throws IOException {
        int line = checkpointLine(20);
        String forgedSignature = Base64.getEncoder().encodeToString(
                impostor.signOnly(statementOf(20, "f".repeat(64), Instant.now())));
        List<String> tampered = change(lines, line,
                l -> l.replaceAll("\"signature\":\"[^\"]+\"", "\"signature\":\"" + forgedSignature + "\""));
        Result r = verify(tampered);
        assertThat(r.status).isEqualTo(AuditCli.INVALID);
        assertThat(r.out).contains("broken checkpoint at record 20").contains("signature does not verify");
    }

    @Test
    void a_checkpoint_moved_to_another_record_is_located() throws IOException {
        Result r = verify(change(lines, checkpointLine(10), l -> l.replace("\"seq\":10", "\"seq\":11")));
        assertThat(r.status).isEqualTo(AuditCli.INVALID);
        assertThat(r.out).contains("broken checkpoint at record 11").contains("differ from what was signed");
    }

    @Test
    void a_file_that_is_not_an_export_is_refused() throws IOException {
        assertThat(verify(change(lines, recordLine(2), l -> "{not json")).out).contains("INVALID: line " + (recordLine(2) + 1));
        assertThat(verify(lines.subList(1, lines.size())).out).contains("not the header");
    }

    @Test
    void usage_errors_exit_2() {
        assertThat(run("verify", "export.ndjson")).isEqualTo(AuditCli.FAILED);
        assertThat(run("nonsense")).isEqualTo(AuditCli.FAILED);
        assertThat(run()).isEqualTo(AuditCli.FAILED);
        assertThat(run("verify", "--certificate", dir.resolve("missing.pem").toString(), "x")).isEqualTo(AuditCli.FAILED);
    }

    private static int recordLine(long seq) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("{\"type\":\"record\",\"seq\":" + seq + ",")) {
                return i;
            }
        }
        throw new AssertionError("no record " + seq);
    }

    private static int checkpointLine(long seq) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("{\"type\":\"checkpoint\",\"seq\":" + seq + ",")) {
                return i;
            }
        }
        throw new AssertionError("no checkpoint " + seq);
    }

    private static List<String> change(List<String> original, int index, UnaryOperator<String> edit) {
        List<String> copy = new ArrayList<>(original);
        copy.set(index, edit.apply(copy.get(index)));
        return copy;
    }

    private record Result(int status, String out) {}

    private static Result verify(List<String> exportLines) throws IOException {
        Path file = Files.createTempFile(dir, "export", ".ndjson");
        Files.write(file, exportLines);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = AuditCli.run(new String[] {"verify", "--certificate", certificate.toString(), file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(OutputStream.nullOutputStream()));
        return new Result(status, out.toString(StandardCharsets.UTF_8));
    }

    private static int run(String... args) {
        return AuditCli.run(args, new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()));
    }
}
