package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.safeguarding.gateway.core.dv.DvNotifications;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.core.inbox.Inbox.Statements;
import org.safeguarding.gateway.core.inbox.InboxMessage;
import org.safeguarding.gateway.core.inbox.InboxRetention;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.ScratchInbox;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every statement the inbox runs (taken from {@link Inbox.Statements}, not copied) reads an index over a bounded stretch, on
 * both PostgreSQL servers the build runs against (the embedded one and the machine's): the index it names, with the columns that bound the read in the index condition, no table scan,
 * no sort, and, run against a scratch inbox of {@link #SCRATCH_MESSAGES} messages, no more index entries than the page,
 * the count's bound or the batch needs. So an inbox of a million messages costs each of them what this one does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxQueryPlanIT extends GatewayIntegrationTest {

    /** More than a bounded total counts, so that a statement that read the whole inbox would show it. */
    private static final int SCRATCH_MESSAGES = Inbox.EXACT_TOTAL_UP_TO + 50;
    private static final String TYPE = "plan-check";
    private static final String PRIMARY_KEY = "primary key";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JdbcTemplate batch;

    @Autowired
    TransactionTemplate transaction;

    private final String scratch = "plan-check-" + UUID.randomUUID();
    private final Instant now = Instant.now();
    private InboxMessage cursor;

    /** The scratch inbox: one message a second back from now, of one type, none acknowledged. */
    @BeforeAll
    void aLargeInbox() {
        cursor = ScratchInbox.fill(batch, transaction, scratch, TYPE, SCRATCH_MESSAGES, now).get(SCRATCH_MESSAGES / 2);
    }

    @AfterAll
    void removeIt() {
        ScratchInbox.remove(batch, scratch, TYPE);
    }

    /**
     * @param indexes    the indexes, any one of which may serve it (most statements: the one)
     * @param bounds     the columns the index condition must hold, so that the read starts and ends where the answer does
     * @param readsAtMost how many index entries it may read in the scratch inbox
     */
    record Case(String what, Inbox.Statement statement, List<String> indexes, List<String> bounds, long readsAtMost) {
        Case(String what, Inbox.Statement statement, String index, List<String> bounds, long readsAtMost) {
            this(what, statement, List.of(index), bounds, readsAtMost);
        }

        @Override
        public String toString() {
            return what;
        }
    }

    Stream<Case> everyStatementTheInboxRuns() {
        Instant cutoff = now.atZone(ZoneOffset.UTC).minusYears(2).toInstant();
        int size = 50;
        int offset = 100;
        // a page may read one row past its end: the cursor itself, or a message sharing its created_at
        long page = offset + size + 1;
        long keysetPage = size + 1;
        long byId = 2; // the row, and at most the probe of the entry after it
        Set<String> awaitingNone = Set.of(DvNotifications.RECEIPT_TYPE);
        return Stream.of(
                new Case("page by offset", Statements.newestFirst(scratch, null, null, size, offset), "inbox_message_newest",
                        List.of("recipient"), page),
                new Case("page of a type by offset", Statements.newestFirst(scratch, TYPE, null, size, offset), "inbox_message_type_newest",
                        List.of("recipient", "message_type"), page),
                new Case("keyset page", Statements.newestFirst(scratch, null, cursor, size, 0), "inbox_message_newest",
                        List.of("recipient", "created_at"), keysetPage),
                new Case("keyset page of a type", Statements.newestFirst(scratch, TYPE, cursor, size, 0), "inbox_message_type_newest",
                        List.of("recipient", "message_type", "created_at"), keysetPage),
                // a count in no order: either index led by recipient reads the same 10,001 entries, and PostgreSQL picks either
                new Case("bounded total", Statements.total(scratch, null), List.of("inbox_message_newest", "inbox_message_type_newest"),
                        List.of("recipient"), Inbox.EXACT_TOTAL_UP_TO + 1),
                new Case("bounded total of a type", Statements.total(scratch, TYPE), "inbox_message_type_newest",
                        List.of("recipient", "message_type"), Inbox.EXACT_TOTAL_UP_TO + 1),
                new Case("find by id", Statements.find(cursor.id()), PRIMARY_KEY, List.of("id"), byId),
                new Case("acknowledge", Statements.acknowledge("no-such-message", now), PRIMARY_KEY, List.of("id"), byId),
                new Case("retention: acknowledged before the cutoff", Statements.acknowledgedBefore(cutoff, InboxRetention.BATCH),
                        "inbox_message_acknowledged", List.of("acknowledged_at"), InboxRetention.BATCH + 1),
                new Case("retention: receipts delivered before the cutoff",
                        Statements.deliveredBefore(DvNotifications.RECEIPT_TYPE, cutoff, InboxRetention.BATCH), "inbox_message_type_delivered",
                        List.of("message_type", "created_at"), InboxRetention.BATCH + 1),
                new Case("retention: kept unacknowledged", Statements.unacknowledgedBefore(cutoff, awaitingNone),
                        "inbox_message_acknowledged", List.of("acknowledged_at", "created_at"), Inbox.EXACT_TOTAL_UP_TO + 2),
                new Case("retention: purge one", Statements.remove("no-such-message"), PRIMARY_KEY, List.of("id"), byId));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyStatementTheInboxRuns")
    void readsABoundedStretchOfAnIndex(Case c) {
        onPostgresql(c);
    }

    /**
     * With seq scans, bitmap scans and sorts off, for this transaction only. This test's table is not production's: its
     * statistics lag the scratch inbox just written, which holds most of its rows, so PostgreSQL here honestly prefers a Seq
     * Scan, or a bitmap scan (which reads every matching entry before a LIMIT can stop it) and a sort, all cheap for what it
     * believes is a few rows and ruinous for an inbox of a million. Off, the planner must show an index path that answers the
     * statement in order, or, lacking one, still show the scan or the sort, and fail here. That path is checked for what
     * decides its cost at scale: the index, the columns bounding it, and how many entries it read (ANALYZE runs it; the
     * updates find no such message).
     */
    private void onPostgresql(Case c) {
        String json = transaction.execute(status -> {
            for (String path : List.of("enable_seqscan", "enable_bitmapscan", "enable_sort")) {
                jdbc.sql("SET LOCAL " + path + " = off").update();
            }
            return jdbc.sql("EXPLAIN (ANALYZE, FORMAT JSON) " + c.statement().sql()).params(c.statement().params())
                    .query((rs, row) -> rs.getString(1)).single();
        });
        List<JsonNode> nodes = new ArrayList<>();
        collect(JsonMapper.builder().build().readTree(json).get(0).get("Plan"), nodes);
        assertThat(nodes).as(json).noneMatch(n -> n.get("Node Type").asString().equals("Seq Scan"));
        assertThat(nodes).as("no sort: " + json).noneMatch(n -> n.get("Node Type").asString().endsWith("Sort"));
        List<String> indexes = c.indexes().equals(List.of(PRIMARY_KEY)) ? List.of("inbox_message_pkey") : c.indexes();
        List<JsonNode> reads = nodes.stream().filter(n -> n.has("Index Name") && indexes.contains(n.get("Index Name").asString())).toList();
        assertThat(reads).as("a read of " + indexes + ": " + json).hasSize(1);
        JsonNode read = reads.get(0);
        assertThat(read.get("Index Cond").asString()).as("the index condition bounds the read").contains(c.bounds());
        long entries = read.get("Actual Rows").asLong() + (read.has("Rows Removed by Filter") ? read.get("Rows Removed by Filter").asLong() : 0);
        assertThat(entries).as("entries read: " + json).isLessThanOrEqualTo(c.readsAtMost());
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        into.add(node);
        if (node.has("Plans")) {
            node.get("Plans").forEach(child -> collect(child, into));
        }
    }
}
