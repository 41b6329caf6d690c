package org.safeguarding.gateway.security.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.safeguarding.gateway.security.LogContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append-only, hash-chained audit trail.
 *
 * <p>Appends are group-committed: callers hand their entry to one writer thread and wait; the
 * writer links whatever has queued up (in arrival order), inserts the lot in one transaction of
 * its own, and only then releases the callers. So a decision is on disk before the request that
 * caused it is answered, a denial is kept even when that request's own transaction rolls back,
 * and under load many decisions share one commit. Every node's writer takes its turn on the chain's tail (a row locked
 * for the length of each commit), so the chain stays one line however many nodes append.
 */
public class AuditTrail {

    /**
     * Records a long read takes at a time. Small, so that each burst of reading and serialising between rests is short on
     * a two-core node: 2,000 records (about 1.1 MB of JSON) held a lookup's p99 at 300/s at 29 ms during an export of 1.5
     * million records, 250 at 17 ms (#14, bench/RESULTS.md).
     */
    static final int EXPORT_PAGE = 250;
    /** How many times as long as a page of a long read took it rests before the next ({@link LongRead}). */
    static final int LONG_READ_REST = 7;

    private static final String COLUMNS =
            "seq, recorded_at, subject, roles, org_id, action, resource, nhs_number, outcome, trace_id, reason, previous_hash, hash,"
                    + " caller_name";
    private static final int MAX_GROUP = 256;

    private record Pending(List<AuditEntry> entries, Runnable recordedWith, CompletableFuture<List<AuditRecord>> written) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile long tailSeq = -1;
    private volatile Consumer<AuditEntry> recorded = entry -> {};

    public AuditTrail(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.writer = new Thread(this::writeGroups, "audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Returns once the record is committed; throws if it could not be written (the caller must then not proceed). */
    public AuditRecord append(AuditEntry entry) {
        return append(entry, null);
    }

    /**
     * Appends the record (none when {@code entry} is null: only the benchmark that measures what
     * auditing costs asks for that) and, in the same transaction, the write that the recorded event causes
     * (e.g. the access notification a lookup owes the child's local authority): both are committed
     * or neither is, and the pair costs one share of a group commit.
     */
    public AuditRecord append(AuditEntry entry, Runnable recordedWith) {
        if (entry == null && recordedWith == null) {
            return null;
        }
        List<AuditRecord> written = appendAll(entry == null ? List.of() : List.of(entry), recordedWith);
        return written.isEmpty() ? null : written.get(0);
    }

    /**
     * Several records in the same commit as one effect (e.g. a DV notification's routing: what was sent, and each copy that
     * could not be), in this order; an exception from {@code recordedWith} rolls back the effect and writes none of them.
     */
    public List<AuditRecord> appendAll(List<AuditEntry> entries, Runnable recordedWith) {
        Pending pending = new Pending(List.copyOf(entries), LogContext.carrying(recordedWith), new CompletableFuture<>());
        queue.add(pending);
        try {
            return pending.written().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private void writeGroups() {
        List<Pending> group = new ArrayList<>();
        while (true) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(group, MAX_GROUP - 1);
            try {
                complete(group, writeLinked(group));
            } catch (RuntimeException e) {
                if (group.size() == 1) {
                    group.get(0).written().completeExceptionally(e);
                } else {
                    writeOneByOne(group);
                }
            }
            group.clear();
        }
    }

    /** After a failed group: alone, only the entry whose write fails is refused. */
    private void writeOneByOne(List<Pending> group) {
        for (Pending p : group) {
            try {
                complete(List.of(p), writeLinked(List.of(p)));
            } catch (RuntimeException e) {
                p.written().completeExceptionally(e);
            }
        }
    }

    private static void complete(List<Pending> group, List<List<AuditRecord>> written) {
        for (int i = 0; i < group.size(); i++) {
            group.get(i).written().complete(written.get(i));
        }
    }

    /**
     * Links the group to the chain's tail and writes it, with the effects, in one transaction that first locks the tail's
     * row: a node appending meanwhile waits for this commit and then links to what it wrote, so appends from every node
     * make one line. The time is read once the lock is held, so records' times follow their order across nodes too.
     */
    private List<List<AuditRecord>> writeLinked(List<Pending> group) {
        List<List<AuditRecord>> perPending = new ArrayList<>(group.size());
        long newest = ownTransaction.execute(status -> {
            Tail tail = jdbc.sql("SELECT seq, hash FROM audit_chain_tail WHERE id = 1 FOR UPDATE")
                    .query((rs, row) -> new Tail(rs.getLong(1), rs.getString(2))).single();
            Instant time = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            List<AuditRecord> records = new ArrayList<>(group.size());
            long seq = tail.seq();
            String previous = tail.hash();
            for (Pending p : group) {
                List<AuditRecord> mine = new ArrayList<>(p.entries().size());
                for (AuditEntry entry : p.entries()) {
                    seq++;
                    String hash = AuditChain.link(previous, seq, time, entry);
                    mine.add(new AuditRecord(seq, time, entry, previous, hash));
                    previous = hash;
                }
                perPending.add(mine);
                records.addAll(mine);
            }
            insertAll(records);
            jdbc.sql("UPDATE audit_chain_tail SET seq = ?, hash = ? WHERE id = 1").params(seq, previous).update();
            group.stream().map(Pending::recordedWith).filter(w -> w != null).forEach(Runnable::run);
            return seq;
        });
        tailSeq = newest;
        perPending.forEach(records -> records.forEach(r -> recorded.accept(r.entry())));
        return perPending;
    }

    /**
     * Told of every record once it is committed (the operators' metrics count them per action and outcome): the trail
     * records every step of every flow, so its actions are the flows' events. Called on the writer thread: keep it cheap.
     */
    public void onRecorded(Consumer<AuditEntry> listener) {
        Consumer<AuditEntry> before = recorded;
        recorded = entry -> {
            before.accept(entry);
            listener.accept(entry);
        };
    }

    private record Tail(long seq, String hash) {}

    /**
     * Every record up to the newest there is when it starts, in order, read a page at a time ({@link #EXPORT_PAGE}
     * records by primary key): however long the trail, no read holds a transaction or a snapshot open for longer than
     * a page, nothing is held in memory but a page, and a slow reader (an export streaming to a slow client) only
     * waits between pages. The trail only grows at its newest end, so the pages form one consistent prefix.
     */
    public <T> T readAll(Function<Stream<AuditRecord>, T> reader) {
        long newest = jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM audit_record").query(Long.class).single();
        LongRead pace = new LongRead();
        // each page read only when the one before is used up; a short page is the last
        Stream<List<AuditRecord>> pages = Stream.iterate(exportPage(-1, newest), page -> !page.isEmpty(),
                page -> page.size() < EXPORT_PAGE ? List.of() : pace.next(() -> exportPage(page.get(page.size() - 1).seq(), newest)));
        return reader.apply(pages.flatMap(List::stream));
    }

    /**
     * A long read takes at most about an eighth of one core: before each page it rests
     * {@value AuditTrail#LONG_READ_REST} times as long as the page before took, its read and whatever the reader did with
     * it (an export's serialising and sending). Years of trail take eight times as long to export or verify (about a
     * minute and a half for a million records), and the lookups running meanwhile keep the rest of the machine (#14,
     * two cores: a full export at full speed took a lookup's p99 at 300/s to 120 ms; on PostgreSQL, resting three times
     * as long as each page took left it at 26 ms, seven times at 17.5 ms). The rest is a park, not a sleep: nothing here
     * is interrupted.
     */
    private static final class LongRead {
        private long pageStarted = System.nanoTime();

        List<AuditRecord> next(Supplier<List<AuditRecord>> page) {
            LockSupport.parkNanos(LONG_READ_REST * (System.nanoTime() - pageStarted));
            pageStarted = System.nanoTime();
            return page.get();
        }
    }

    private List<AuditRecord> exportPage(long after, long newest) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_record WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?")
                .params(after, newest, EXPORT_PAGE).query(AuditTrail::map).list();
    }

    /** The newest record this node has written or seen (0 before the first): what a verification must at least find. */
    public long knownTail() {
        return Math.max(tailSeq, 0);
    }

    public Optional<AuditRecord> record(long seq) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_record WHERE seq = ?").param(seq).query(AuditTrail::map).optional();
    }

    /** Every record touching a child, newest first. */
    public List<AuditRecord> aboutChild(String nhsNumber, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_record WHERE nhs_number = ? ORDER BY seq DESC LIMIT ?")
                .params(nhsNumber, limit).query(AuditTrail::map).list();
    }

    /** Every record touching a child made by a caller (not the gateway's own, subject "gateway"), refusals too, newest first. */
    public List<AuditRecord> byCallersAboutChild(String nhsNumber, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_record WHERE nhs_number = ? AND subject <> ? ORDER BY seq DESC LIMIT ?")
                .params(nhsNumber, "gateway", limit).query(AuditTrail::map).list();
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

    private void insertAll(List<AuditRecord> records) {
        for (AuditRecord r : records) {
            AuditEntry e = r.entry();
            jdbc.sql("INSERT INTO audit_record (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(r.seq(), OffsetDateTime.ofInstant(r.time(), ZoneOffset.UTC), e.subject(), e.roles(), e.orgId(), e.action(),
                            e.resource(), e.nhsNumber(), e.outcome(), e.traceId(), e.reason(), r.previousHash(), r.hash(), e.callerName())
                    .update();
        }
    }

    private static AuditRecord map(ResultSet rs, int row) throws SQLException {
        AuditEntry entry = new AuditEntry(rs.getString("subject"), rs.getString("roles"), rs.getString("org_id"),
                rs.getString("action"), rs.getString("resource"), rs.getString("nhs_number"), rs.getString("outcome"),
                rs.getString("trace_id"), rs.getString("reason"), rs.getString("caller_name"));
        return new AuditRecord(rs.getLong("seq"), rs.getObject("recorded_at", OffsetDateTime.class).toInstant(), entry,
                rs.getString("previous_hash"), rs.getString("hash"));
    }
}
