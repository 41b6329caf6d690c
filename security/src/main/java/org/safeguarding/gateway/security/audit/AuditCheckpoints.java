package org.safeguarding.gateway.security.audit;

import org.safeguarding.gateway.security.Action;

import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Signs the trail's tail every {@code everyRecords} records or {@code every} (whichever comes
 * first), with the gateway's signing key, and has the signature time-stamped when a TSA is
 * configured. Checkpoints are made outside the audit writer, so signing and the TSA's round trip
 * never hold up a lookup. Verification (of the live trail) lives here too, because it needs the
 * checkpoints and the CA.
 */
public class AuditCheckpoints {

    private static final System.Logger LOG = System.getLogger(AuditCheckpoints.class.getName());
    private static final String COLUMNS = "seq, record_hash, signed_at, signature, time_stamp_token";

    private final JdbcClient jdbc;
    private final AuditTrail trail;
    private final CmsEnvelope signer;
    private final X509Certificate trustedCa;
    private final TimeStampAuthority timeStamps;
    private final Clock clock;
    private final long everyRecords;
    private final Duration every;

    /** @param timeStamps null when no TSA is configured */
    public AuditCheckpoints(JdbcClient jdbc, AuditTrail trail, CmsEnvelope signer, X509Certificate trustedCa,
            TimeStampAuthority timeStamps, Clock clock, long everyRecords, Duration every) {
        if (everyRecords < 1 || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("checkpoints need a positive record count and interval");
        }
        this.jdbc = jdbc;
        this.trail = trail;
        this.signer = signer;
        this.trustedCa = trustedCa;
        this.timeStamps = timeStamps;
        this.clock = clock;
        this.everyRecords = everyRecords;
        this.every = every;
    }

    /** Signs the current tail if enough records or time have passed since the last checkpoint. */
    public Optional<Checkpoint> checkpointIfDue() {
        List<AuditRecord> tail = trail.latest(1);
        if (tail.isEmpty()) {
            return Optional.empty();
        }
        AuditRecord newest = tail.get(0);
        Optional<Checkpoint> last = latest();
        long signedUpTo = last.map(Checkpoint::seq).orElse(0L);
        if (newest.seq() <= signedUpTo) {
            return Optional.empty();
        }
        Instant since = last.map(Checkpoint::signedAt)
                .orElseGet(() -> trail.record(signedUpTo + 1).map(AuditRecord::time).orElse(newest.time()));
        boolean due = newest.seq() - signedUpTo >= everyRecords || !clock.instant().isBefore(since.plus(every));
        return due ? Optional.of(checkpoint(newest)) : Optional.empty();
    }

    /** Signs this record as the tail now, whatever the schedule (also used before a retention purge). */
    public Checkpoint checkpoint(AuditRecord newest) {
        Instant signedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        byte[] signature = signer.signOnly(Checkpoint.statement(newest.seq(), newest.hash(), signedAt));
        Checkpoint checkpoint = new Checkpoint(newest.seq(), newest.hash(), signedAt, signature, timeStamp(signature));
        try {
            jdbc.sql("INSERT INTO audit_checkpoint (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)")
                    .params(checkpoint.seq(), checkpoint.recordHash(), OffsetDateTime.ofInstant(signedAt, ZoneOffset.UTC),
                            base64(checkpoint.signature()), base64(checkpoint.timeStampToken()))
                    .update();
        } catch (DuplicateKeyException anotherNodeSignedIt) {
            return find(newest.seq()).orElseThrow();
        }
        return checkpoint;
    }

    /** Without a token the checkpoint still stands on the gateway's signature; the next one tries the TSA again. */
    private byte[] timeStamp(byte[] signature) {
        if (timeStamps == null) {
            return null;
        }
        try {
            return TimeStamps.stamp(timeStamps, signature);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "audit checkpoint signed without a time-stamp: {0}", e.getMessage());
            return null;
        }
    }

    public List<Checkpoint> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_checkpoint ORDER BY seq").query(AuditCheckpoints::map).list();
    }

    public Optional<Checkpoint> latest() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_checkpoint ORDER BY seq DESC LIMIT 1").query(AuditCheckpoints::map).optional();
    }

    Optional<Checkpoint> find(long seq) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_checkpoint WHERE seq = ?").param(seq).query(AuditCheckpoints::map).optional();
    }

    /**
     * Audit retention: removes the records older than {@code cutoff} up to the newest signed
     * checkpoint among them, which stays as the anchor the first kept record follows (so the
     * trail still verifies from there, and a removal not made here is still found). The removal
     * commits in the same transaction as the record that says it happened. Records newer than the
     * last checkpoint before the cutoff wait for a later run.
     *
     * @return the number of records removed
     */
    public long purgeRecordsBefore(Instant cutoff) {
        Optional<Checkpoint> anchor = jdbc.sql("SELECT c." + COLUMNS.replace(", ", ", c.") + " FROM audit_checkpoint c"
                        + " JOIN audit_record r ON r.seq = c.seq WHERE r.recorded_at < ? ORDER BY c.seq DESC LIMIT 1")
                .param(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)).query(AuditCheckpoints::map).optional();
        if (anchor.isEmpty()) {
            return 0;
        }
        long upTo = anchor.get().seq();
        long first = jdbc.sql("SELECT MIN(seq) FROM audit_record").query(Long.class).single();
        long count = upTo - first + 1;
        trail.append(AuditEntry.system(Action.AUDIT_PURGE, "audit-trail/records-" + first + "-" + upTo, null, "purged",
                count + " records older than " + cutoff + " removed under retention; the kept trail follows the signed checkpoint at record "
                        + upTo), () -> jdbc.sql("DELETE FROM audit_record WHERE seq <= ?").param(upTo).update());
        return count;
    }

    /** The live trail: records, checkpoints, and the tail this node knows it wrote. */
    public ChainVerification verify() {
        List<Checkpoint> checkpoints = all();
        long knownTail = trail.knownTail();
        return trail.readAll(records -> ChainVerifier.verify(records.iterator(), checkpoints, trustedCa, knownTail));
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    private static Checkpoint map(ResultSet rs, int row) throws SQLException {
        String token = rs.getString("time_stamp_token");
        return new Checkpoint(rs.getLong("seq"), rs.getString("record_hash"), rs.getObject("signed_at", OffsetDateTime.class).toInstant(),
                Base64.getDecoder().decode(rs.getString("signature")), token == null ? null : Base64.getDecoder().decode(token));
    }
}
