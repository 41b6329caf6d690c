package org.safeguarding.gateway.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.safeguarding.gateway.security.crypto.GatewayKeys;

/** Signed checkpoints: what the chain alone cannot show (a removed tail, a re-hashed chain, a purged head) they do; forged ones are refused. */
class CheckpointVerificationTest {

    @TempDir
    static Path data;
    @TempDir
    static Path otherData;

    static X509Certificate ca;
    static CmsEnvelope gateway;
    static CmsEnvelope impostor;

    @BeforeAll
    static void keys() {
        GatewayKeys keys = GatewayKeys.loadOrCreate(data);
        ca = keys.caCertificate();
        gateway = new CmsEnvelope(keys.signer());
        impostor = new CmsEnvelope(GatewayKeys.loadOrCreate(otherData).signer());
    }

    static Checkpoint sign(CmsEnvelope signer, AuditRecord r, byte[] timeStamp) {
        Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        return new Checkpoint(r.seq(), r.hash(), at, signer.signOnly(Checkpoint.statement(r.seq(), r.hash(), at)), timeStamp);
    }

    private static ChainVerification verify(List<AuditRecord> records, List<Checkpoint> checkpoints) {
        return ChainVerifier.verify(records.iterator(), checkpoints, ca, 0);
    }

    @Test
    void an_intact_trail_with_checkpoints_verifies() {
        List<AuditRecord> records = ChainVerifierTest.chain(30);
        ChainVerification result = verify(records, List.of(sign(gateway, records.get(9), null), sign(gateway, records.get(19), null)));
        assertThat(result.valid()).as(result.toString()).isTrue();
        assertThat(result.records()).isEqualTo(30);
        assertThat(result.checkpoints()).isEqualTo(2);
        assertThat(result.lastCheckpoint()).isEqualTo(20);
    }

    @Test
    void a_truncated_tail_is_found_by_the_checkpoint_that_covers_it() {
        List<AuditRecord> records = ChainVerifierTest.chain(30);
        List<Checkpoint> checkpoints = List.of(sign(gateway, records.get(24), null));
        List<AuditRecord> truncated = new ArrayList<>(records.subList(0, 22));
        assertThat(ChainVerifier.verify(truncated.iterator()).valid()).as("the chain alone cannot tell").isTrue();
        ChainVerification result = verify(truncated, checkpoints);
        assertThat(result.valid()).isFalse();
        assertThat(result.firstBrokenRecord()).isEqualTo(23);
        assertThat(result.problem()).contains("ends at record 22").contains("25");
    }

    @Test
    void a_tail_removed_after_the_last_checkpoint_is_found_against_the_known_tail() {
        List<AuditRecord> records = ChainVerifierTest.chain(30);
        ChainVerification result = ChainVerifier.verify(records.subList(0, 28).iterator(), List.of(), ca, 30);
        assertThat(result.valid()).isFalse();
        assertThat(result.firstBrokenRecord()).isEqualTo(29);
    }

    @Test
    void a_chain_rewritten_and_rehashed_after_a_checkpoint_is_found() {
        List<AuditRecord> original = ChainVerifierTest.chain(12);
        Checkpoint checkpoint = sign(gateway, original.get(9), null);
        // the forger edits record 4 and recomputes every later hash, so every link holds again
        List<AuditRecord> rewritten = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (AuditRecord r : original) {
            AuditEntry e = r.seq() == 4 ? new AuditEntry("someone-else", r.entry().roles(), r.entry().orgId(), r.entry().action(),
                    r.entry().resource(), r.entry().nhsNumber(), r.entry().outcome(), r.entry().traceId(), r.entry().reason()) : r.entry();
            String hash = AuditChain.link(previous, r.seq(), r.time(), e);
            rewritten.add(new AuditRecord(r.seq(), r.time(), e, previous, hash));
            previous = hash;
        }
        assertThat(ChainVerifier.verify(rewritten.iterator()).valid()).as("the chain alone cannot tell").isTrue();
        ChainVerification result = verify(rewritten, List.of(checkpoint));
        assertThat(result.valid()).isFalse();
        assertThat(result.firstBrokenRecord()).isEqualTo(10);
        assertThat(result.problem()).contains("rewritten");
    }

    @Test
    void a_checkpoint_signed_by_another_key_is_refused_and_located() {
        List<AuditRecord> records = ChainVerifierTest.chain(20);
        ChainVerification result = verify(records, List.of(sign(gateway, records.get(4), null), sign(impostor, records.get(14), null)));
        assertThat(result.valid()).isFalse();
        assertThat(result.brokenCheckpoint()).isEqualTo(15);
        assertThat(result.problem()).contains("signature does not verify");
    }

    @Test
    void a_checkpoint_whose_fields_were_changed_after_signing_is_refused() {
        List<AuditRecord> records = ChainVerifierTest.chain(20);
        Checkpoint genuine = sign(gateway, records.get(9), null);
        Checkpoint moved = new Checkpoint(15, records.get(14).hash(), genuine.signedAt(), genuine.signature(), null);
        ChainVerification result = verify(records, List.of(moved));
        assertThat(result.valid()).isFalse();
        assertThat(result.brokenCheckpoint()).isEqualTo(15);
        assertThat(result.problem()).contains("differ from what was signed");
    }

    @Test
    void a_purged_head_is_accepted_only_when_a_checkpoint_anchors_it() {
        List<AuditRecord> records = ChainVerifierTest.chain(20);
        Checkpoint anchor = sign(gateway, records.get(9), null);
        List<AuditRecord> kept = records.subList(10, 20);
        assertThat(verify(kept, List.of(anchor)).valid()).isTrue();
        ChainVerification unanchored = verify(kept, List.of());
        assertThat(unanchored.valid()).isFalse();
        assertThat(unanchored.firstBrokenRecord()).isEqualTo(11);
        assertThat(unanchored.problem()).contains("no signed checkpoint");
    }

    @Test
    void a_time_stamped_checkpoint_verifies_and_a_time_stamp_over_other_data_does_not() {
        TimeStampResponder tsa = TimeStampResponder.create("Test TSA");
        List<AuditRecord> records = ChainVerifierTest.chain(10);
        Checkpoint unstamped = sign(gateway, records.get(9), null);
        Checkpoint stamped = new Checkpoint(unstamped.seq(), unstamped.recordHash(), unstamped.signedAt(), unstamped.signature(),
                TimeStamps.stamp(tsa, unstamped.signature()));
        assertThat(verify(records, List.of(stamped)).valid()).isTrue();

        Checkpoint other = sign(gateway, records.get(4), null);
        Checkpoint borrowed = new Checkpoint(unstamped.seq(), unstamped.recordHash(), unstamped.signedAt(), unstamped.signature(),
                TimeStamps.stamp(tsa, other.signature()));
        ChainVerification result = verify(records, List.of(borrowed));
        assertThat(result.valid()).isFalse();
        assertThat(result.brokenCheckpoint()).isEqualTo(10);
        assertThat(result.problem()).contains("time-stamp");
    }
}
