package org.safeguarding.gateway.security.audit;

import java.util.Iterator;

/** Walks records in sequence order and reports the first one whose link does not hold. */
public final class ChainVerifier {

    private ChainVerifier() {}

    public static ChainVerification verify(Iterator<AuditRecord> records) {
        String expectedPrevious = AuditChain.GENESIS;
        long expectedSeq = 1;
        long count = 0;
        while (records.hasNext()) {
            AuditRecord r = records.next();
            count++;
            if (r.seq() != expectedSeq) {
                return ChainVerification.brokenAt(count, r.seq(),
                        "expected record " + expectedSeq + " but found " + r.seq() + " (a record was removed or moved)");
            }
            if (!expectedPrevious.equals(r.previousHash())) {
                return ChainVerification.brokenAt(count, r.seq(), "the link to the previous record does not match");
            }
            String recomputed = AuditChain.link(r.previousHash(), r.seq(), r.time(), r.entry());
            if (!recomputed.equals(r.hash())) {
                return ChainVerification.brokenAt(count, r.seq(), "the record's content does not match its hash (it was altered)");
            }
            expectedPrevious = r.hash();
            expectedSeq++;
        }
        return ChainVerification.intact(count);
    }
}
