package org.safeguarding.gateway.security.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append-only, hash-chained audit trail. Appends commit in their own transaction so that a
 * denial is recorded even when the request that caused it rolls back. One writer at a time per
 * process; a second gateway node appending concurrently loses the race on the primary key and
 * retries from the new tail, so the chain stays linear across nodes.
 */
public class AuditTrail {

    private static final String COLUMNS =
            "seq, recorded_at, subject, roles, org_id, action, resource, nhs_number, outcome, trace_id, reason, previous_hash, hash";

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final ReentrantLock writer = new ReentrantLock();
    private long tailSeq = -1;
    private String tailHash;

    public AuditTrail(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    public AuditRecord append(AuditEntry entry) {
        writer.lock();
        try {
            for (int attempt = 0; ; attempt++) {
                if (tailSeq < 0 || attempt > 0) {
                    loadTail();
                }
                Instant time = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                long seq = tailSeq + 1;
                String hash = AuditChain.link(tailHash, seq, time, entry);
                AuditRecord record = new AuditRecord(seq, time, entry, tailHash, hash);
                try {
                    ownTransaction.executeWithoutResult(status -> insert(record));
                } catch (DuplicateKeyException raceWithAnotherNode) {
                    if (attempt < 10) {
                        continue;
                    }
                    throw raceWithAnotherNode;
                }
                tailSeq = seq;
                tailHash = hash;
                return record;
            }
        } finally {
            writer.unlock();
        }
    }

    public ChainVerification verify() {
        return ownTransaction.execute(status -> {
            try (Stream<AuditRecord> records = jdbc.sql("SELECT " + COLUMNS + " FROM audit_record ORDER BY seq")
                    .query(AuditTrail::map).stream()) {
                return ChainVerifier.verify(records.iterator());
            }
        });
    }

    /** Every record touching a child, newest first. */
    public List<AuditRecord> aboutChild(String nhsNumber, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_record WHERE nhs_number = ? ORDER BY seq DESC LIMIT ?")
                .params(nhsNumber, limit).query(AuditTrail::map).list();
    }

    /** The most recent allowed records of one action for a child: e.g. the notifying CP lookups. */
    public List<AuditRecord> recentAllowed(String nhsNumber, String action, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_record WHERE nhs_number = ? AND action = ? AND outcome = ?"
                        + " ORDER BY seq DESC LIMIT ?")
                .params(nhsNumber, action, AuditEntry.ALLOWED, limit).query(AuditTrail::map).list();
    }

    public List<AuditRecord> latest(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_record ORDER BY seq DESC LIMIT ?")
                .param(limit).query(AuditTrail::map).list();
    }

    private void loadTail() {
        List<AuditRecord> tail = latest(1);
        tailSeq = tail.isEmpty() ? 0 : tail.get(0).seq();
        tailHash = tail.isEmpty() ? AuditChain.GENESIS : tail.get(0).hash();
    }

    private void insert(AuditRecord r) {
        AuditEntry e = r.entry();
        jdbc.sql("INSERT INTO audit_record (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.seq(), OffsetDateTime.ofInstant(r.time(), ZoneOffset.UTC), e.subject(), e.roles(), e.orgId(), e.action(), e.resource(),
                        e.nhsNumber(), e.outcome(), e.traceId(), e.reason(), r.previousHash(), r.hash())
                .update();
    }

    private static AuditRecord map(ResultSet rs, int row) throws SQLException {
        AuditEntry entry = new AuditEntry(rs.getString("subject"), rs.getString("roles"), rs.getString("org_id"),
                rs.getString("action"), rs.getString("resource"), rs.getString("nhs_number"), rs.getString("outcome"),
                rs.getString("trace_id"), rs.getString("reason"));
        return new AuditRecord(rs.getLong("seq"), rs.getObject("recorded_at", OffsetDateTime.class).toInstant(), entry,
                rs.getString("previous_hash"), rs.getString("hash"));
    }
}
