package org.safeguarding.gateway.security.audit;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.safeguarding.gateway.security.crypto.InvalidEnvelopeException;

/**
 * Verifies a trail, the live one or an export, with nothing but the records, the checkpoints and
 * the gateway's CA certificate. In order: every checkpoint's signature (made by a key certified by
 * the CA) and that its stored fields are what was signed (a forged or altered checkpoint); then the
 * records in sequence: numbering without gaps (a deleted record), each link to the previous hash
 * (reordering), each hash over the record's own fields (an edit), and each checkpoint's hash against
 * the record it names (a chain rewritten and re-hashed after the checkpoint was signed); finally
 * that no checkpoint names a record beyond the end (a removed tail). A trail whose oldest records
 * were purged under retention starts at a record anchored by the checkpoint just before it.
 *
 * <p>Records removed together with every checkpoint that covers them are beyond what a trail can
 * prove about itself; the running gateway remembers its tail ({@code knownTail}), and time-stamped
 * exports kept elsewhere close the rest.
 */
public final class ChainVerifier {

    private ChainVerifier() {}

    /** The chain alone: numbering from 1, links and hashes. */
    public static ChainVerification verify(Iterator<AuditRecord> records) {
        return walk(records, Map.of(), 0);
    }

    /**
     * @param knownTail the newest record number known to exist by other means (0 when none)
     */
    public static ChainVerification verify(Iterator<AuditRecord> records, List<Checkpoint> checkpoints, X509Certificate trustedCa,
            long knownTail) {
        Map<Long, Checkpoint> bySeq = new TreeMap<>();
        int verified = 0;
        for (Checkpoint checkpoint : checkpoints) {
            String problem = signatureProblem(checkpoint, trustedCa);
            if (problem != null) {
                return ChainVerification.forgedCheckpoint(verified, checkpoint.seq(), "checkpoint at record " + checkpoint.seq() + ": " + problem);
            }
            bySeq.put(checkpoint.seq(), checkpoint);
            verified++;
        }
        Long last = bySeq.isEmpty() ? null : ((TreeMap<Long, Checkpoint>) bySeq).lastKey();
        return walk(records, bySeq, knownTail).withCheckpoints(verified, last);
    }

    private static String signatureProblem(Checkpoint checkpoint, X509Certificate trustedCa) {
        byte[] signed;
        try {
            signed = CmsEnvelope.verifySigned(checkpoint.signature(), trustedCa, Date.from(checkpoint.signedAt()));
        } catch (InvalidEnvelopeException | RuntimeException e) {
            return "the signature does not verify against the gateway certificate (" + e.getMessage() + ")";
        }
        if (!Arrays.equals(signed, checkpoint.statement())) {
            return "its record number, hash or time differ from what was signed";
        }
        if (checkpoint.timeStampToken() != null) {
            try {
                TimeStamps.verify(checkpoint.timeStampToken(), checkpoint.signature());
            } catch (TimeStampException e) {
                return "its RFC 3161 time-stamp does not hold (" + e.getMessage() + ")";
            }
        }
        return null;
    }

    private static ChainVerification walk(Iterator<AuditRecord> records, Map<Long, Checkpoint> checkpoints, long knownTail) {
        String expectedPrevious = null;
        long expectedSeq = 0;
        long count = 0;
        while (records.hasNext()) {
            AuditRecord r = records.next();
            count++;
            if (expectedPrevious == null) {
                String anchor = anchorProblem(r, checkpoints);
                if (anchor != null) {
                    return ChainVerification.brokenAt(count, r.seq(), anchor);
                }
                expectedPrevious = r.previousHash();
                expectedSeq = r.seq();
            }
            if (r.seq() != expectedSeq) {
                return ChainVerification.brokenAt(count, Math.min(r.seq(), expectedSeq),
                        "expected record " + expectedSeq + " but found " + r.seq() + " (a record was removed or moved)");
            }
            if (!expectedPrevious.equals(r.previousHash())) {
                return ChainVerification.brokenAt(count, r.seq(), "the link to the previous record does not match (records were reordered or removed)");
            }
            String recomputed = AuditChain.link(r.previousHash(), r.seq(), r.time(), r.entry());
            if (!recomputed.equals(r.hash())) {
                return ChainVerification.brokenAt(count, r.seq(), "the record's content does not match its hash (it was altered)");
            }
            Checkpoint checkpoint = checkpoints.get(r.seq());
            if (checkpoint != null && !checkpoint.recordHash().equals(r.hash())) {
                return ChainVerification.brokenAt(count, r.seq(),
                        "the record differs from the one the signed checkpoint names (the chain was rewritten after it was signed)");
            }
            expectedPrevious = r.hash();
            expectedSeq++;
        }
        long lastRecord = count == 0 ? 0 : expectedSeq - 1;
        long lastSigned = checkpoints.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        long mustReach = Math.max(lastSigned, knownTail);
        if (mustReach > lastRecord) {
            return ChainVerification.brokenAt(count, lastRecord + 1, "the trail ends at record " + lastRecord + " but record " + mustReach
                    + (lastSigned >= knownTail ? " is covered by a signed checkpoint" : " was written") + ": the newest records were removed");
        }
        return ChainVerification.intact(count);
    }

    /** The first record either starts the chain, or follows a signed checkpoint (older records purged under retention). */
    private static String anchorProblem(AuditRecord first, Map<Long, Checkpoint> checkpoints) {
        if (first.seq() == 1) {
            return AuditChain.GENESIS.equals(first.previousHash()) ? null : "the first record does not start the chain";
        }
        Checkpoint anchor = checkpoints.get(first.seq() - 1);
        if (anchor == null) {
            return "the trail starts at record " + first.seq() + " and no signed checkpoint vouches for the records before it (they were removed)";
        }
        return anchor.recordHash().equals(first.previousHash()) ? null
                : "the record does not follow the signed checkpoint at record " + anchor.seq();
    }
}
