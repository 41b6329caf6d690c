package org.safeguarding.gateway.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of tampering with a chain is found, at the record where it happened. */
class ChainVerifierTest {

    static List<AuditRecord> chain(int length) {
        List<AuditRecord> records = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (long seq = 1; seq <= length; seq++) {
            Instant time = Instant.parse("2026-11-26T10:00:00Z").plusSeconds(seq);
            AuditEntry entry = new AuditEntry("sub-" + seq, "gp", "gp-derby-central", "cp-lookup", "child/9997709144",
                    "9997709144", "allowed", "trace-" + seq, "ok");
            String hash = AuditChain.link(previous, seq, time, entry);
            records.add(new AuditRecord(seq, time, entry, previous, hash));
            previous = hash;
        }
        return records;
    }

    @Test
    void anIntactChainVerifies() {
        assertThat(ChainVerifier.verify(chain(10).iterator())).isEqualTo(ChainVerification.intact(10));
        assertThat(ChainVerifier.verify(Collections.emptyIterator())).isEqualTo(ChainVerification.intact(0));
    }

    @Test
    void anEditedFieldIsFoundAtItsRecord() {
        List<AuditRecord> records = chain(10);
        AuditRecord r = records.get(4);
        AuditEntry e = r.entry();
        AuditEntry edited = new AuditEntry(e.subject(), e.roles(), e.orgId(), e.action(), e.resource(), e.nhsNumber(),
                "denied", e.traceId(), e.reason());
        records.set(4, new AuditRecord(r.seq(), r.time(), edited, r.previousHash(), r.hash()));
        ChainVerification result = ChainVerifier.verify(records.iterator());
        assertThat(result.valid()).isFalse();
        assertThat(result.firstBrokenRecord()).isEqualTo(5);
    }

    @Test
    void anEditedTimeIsFound() {
        List<AuditRecord> records = chain(5);
        AuditRecord r = records.get(2);
        records.set(2, new AuditRecord(r.seq(), r.time().plusMillis(1), r.entry(), r.previousHash(), r.hash()));
        assertThat(ChainVerifier.verify(records.iterator()).firstBrokenRecord()).isEqualTo(3);
    }

    @Test
    void aRecomputedHashStillBreaksTheNextLink() {
        List<AuditRecord> records = chain(6);
        AuditRecord r = records.get(1);
        AuditEntry e = r.entry();
        AuditEntry edited = new AuditEntry("someone-else", e.roles(), e.orgId(), e.action(), e.resource(), e.nhsNumber(),
                e.outcome(), e.traceId(), e.reason());
        records.set(1, new AuditRecord(r.seq(), r.time(), edited, r.previousHash(), AuditChain.link(r.previousHash(), r.seq(), r.time(), edited)));
        assertThat(ChainVerifier.verify(records.iterator()).firstBrokenRecord()).isEqualTo(3);
    }

    @Test
    void aDeletedRecordIsFound() {
        List<AuditRecord> records = chain(6);
        records.remove(3);
        assertThat(ChainVerifier.verify(records.iterator()).firstBrokenRecord()).as("the missing one").isEqualTo(4);
    }

    @Test
    void reorderedRecordsAreFound() {
        List<AuditRecord> records = chain(6);
        Collections.swap(records, 1, 2);
        assertThat(ChainVerifier.verify(records.iterator()).firstBrokenRecord()).as("the first out of place").isEqualTo(2);
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        Instant t = Instant.EPOCH;
        AuditEntry a = new AuditEntry("ab", "c", null, "x", "r", null, "allowed", null, null);
        AuditEntry b = new AuditEntry("a", "bc", null, "x", "r", null, "allowed", null, null);
        AuditEntry c = new AuditEntry("a", "bc", "", "x", "r", null, "allowed", null, null);
        assertThat(AuditChain.link(AuditChain.GENESIS, 1, t, a)).isNotEqualTo(AuditChain.link(AuditChain.GENESIS, 1, t, b));
        assertThat(AuditChain.link(AuditChain.GENESIS, 1, t, b)).as("null differs from empty")
                .isNotEqualTo(AuditChain.link(AuditChain.GENESIS, 1, t, c));
    }

    @Test
    void aRecordWithoutACallerNameHashesAsTheTrailAlwaysHas() {
        AuditEntry e = new AuditEntry("sub (ae.clinician)", "unscheduled-care", "ae-royal-derby", "cp-lookup", "child/9997709144",
                "9997709144", "allowed", "trace", "reason");
        // computed by the chain as it was before caller names were kept: records written then must still verify
        assertThat(AuditChain.link(AuditChain.GENESIS, 1, Instant.parse("2026-11-26T09:00:00.123Z"), e))
                .isEqualTo("cf4e1f365c31599e01615b69e7c1890fa7ba8979286648ca34298e847e2d8184");
    }

    @Test
    void theCallerNameIsCoveredByTheHashAndCannotPassForTheReason() {
        Instant t = Instant.EPOCH;
        AuditEntry named = new AuditEntry("s", "gp", "o", "x", "r", null, "allowed", null, "reason", "Gita Practitioner");
        AuditEntry renamed = new AuditEntry("s", "gp", "o", "x", "r", null, "allowed", null, "reason", "Someone Else");
        AuditEntry unnamed = new AuditEntry("s", "gp", "o", "x", "r", null, "allowed", null, "reason");
        AuditEntry shifted = new AuditEntry("s", "gp", "o", "x", "r", null, "allowed", null, null, "reason");
        assertThat(AuditChain.link(AuditChain.GENESIS, 1, t, named)).isNotEqualTo(AuditChain.link(AuditChain.GENESIS, 1, t, renamed))
                .isNotEqualTo(AuditChain.link(AuditChain.GENESIS, 1, t, unnamed));
        assertThat(AuditChain.link(AuditChain.GENESIS, 1, t, unnamed)).isNotEqualTo(AuditChain.link(AuditChain.GENESIS, 1, t, shifted));
    }
}
