package org.safeguarding.gateway.core.delivery;

import org.safeguarding.gateway.core.flow.AlreadyDone;
import org.safeguarding.gateway.security.Action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A copy and its audit record commit together with the sending flow's own effect (secure-copy's commit), against a real
 * (H2) database with the production migrations: all or none, and once however often the flow runs.
 */
class DeliveryAuditTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);
    private JdbcClient jdbc;
    private Deliveries deliveries;
    private Inbox inbox;
    private AuditTrail audit;
    private SecureDeliveryRoutes routes;
    private SecureCopies copies;

    @BeforeEach
    void database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V1_0__audit_trail.sql"),
                new ClassPathResource("db/migration/V1_9__audit_caller_name.sql"),
                new ClassPathResource("db/migration/V1_19__audit_chain_tail.sql"),
                new ClassPathResource("db/migration/V1_1__register.sql"),
                new ClassPathResource("db/migration/V1_2__messaging.sql"),
                new ClassPathResource("db/migration/V1_20__outbox_log_context.sql"),
                new ClassPathResource("db/migration/V1_3__secure_delivery.sql"),
                new ClassPathResource("db/migration/V1_17__delivery_mesh_channel.sql")).execute(dataSource);
        jdbc = JdbcClient.create(dataSource);
        deliveries = new Deliveries(jdbc);
        inbox = new Inbox(jdbc);
        audit = new AuditTrail(jdbc, new DataSourceTransactionManager(dataSource), clock);
        routes = new SecureDeliveryRoutes(deliveries, null, null, audit, JsonMapper.builder().build(), clock);
        copies = new SecureCopies(null, null, deliveries, inbox, new Outbox(jdbc, JsonMapper.builder().build(), clock,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource))), audit, clock);
    }

    private SecureCopies.Sealed sealed() {
        String id = UUID.randomUUID().toString();
        Delivery d = new Delivery(id, "document", "doc-1", "la-derby", "gp-derby-central", "9997709144", "minutes",
                Delivery.Status.DELIVERED, clock.instant(), clock.instant(), null, null, null, 0, null, null);
        return new SecureCopies.Sealed(d, new byte[] {1, 2, 3}, false,
                AuditEntry.system(Action.DELIVER, "document/doc-1", "9997709144", "delivered", "copy " + id + " in the inbox of gp-derby-central"));
    }

    /** A flow that sends its copies once: the second run finds its mark and stops, as DV routing and outcomes do. */
    private void sendOnce(String mark, SecureCopies.Sealed... sealed) {
        try {
            copies.commit(List.of(AuditEntry.system(Action.DV_ROUTE, "dv-notification/" + mark, null, "routed", "test")), () -> {
                if (jdbc.sql("UPDATE outbox_message SET sent_at = created_at WHERE id = ? AND sent_at IS NULL").param(mark).update() == 0) {
                    throw new AlreadyDone();
                }
            }, List.of(sealed));
        } catch (AlreadyDone done) {
            // sent before
        }
    }

    private String mark() {
        String id = UUID.randomUUID().toString();
        jdbc.sql("INSERT INTO outbox_message (id, destination, payload, created_at) VALUES (?, 'test', '{}', CURRENT_TIMESTAMP)").param(id).update();
        return id;
    }

    private String queued() {
        String id = UUID.randomUUID().toString();
        deliveries.add(new Delivery(id, "document", "doc-1", "la-derby", "gp-derby-central", "9997709144", "minutes",
                Delivery.Status.QUEUED, clock.instant(), null, null, null, null, 0, null, null), new byte[] {1, 2, 3});
        return id;
    }

    private long deliverRecords(String id) {
        return audit.latest(100).stream().filter(r -> r.entry().action().equals("deliver") && r.entry().reason().contains(id)).count();
    }

    @Test
    void theCopyTheFlowsMarkAndTheRecordsCommitTogetherAndOnce() {
        String mark = mark();
        SecureCopies.Sealed copy = sealed();
        sendOnce(mark, copy);
        sendOnce(mark, copy);
        String id = copy.delivery().id();
        assertThat(inbox.find(id)).isPresent();
        assertThat(deliveries.find(id).orElseThrow().status()).isEqualTo(Delivery.Status.DELIVERED);
        assertThat(deliverRecords(id)).as("sent twice, recorded once").isEqualTo(1);
    }

    @Test
    void whenTheRecordCannotBeWrittenTheCopyIsNotDeliveredEither() {
        sendOnce(mark(), sealed()); // the trail has its tail loaded
        String mark = mark();
        SecureCopies.Sealed copy = sealed();
        String id = copy.delivery().id();
        jdbc.sql("ALTER TABLE audit_record RENAME TO audit_gone").update();
        assertThatThrownBy(() -> sendOnce(mark, copy)).isNotNull();
        jdbc.sql("ALTER TABLE audit_gone RENAME TO audit_record").update();
        assertThat(inbox.find(id)).as("no copy without its record").isEmpty();
        assertThat(deliveries.find(id)).isEmpty();
        assertThat(deliverRecords(id)).isZero();

        sendOnce(mark, copy);
        assertThat(inbox.find(id)).isPresent();
        assertThat(deliverRecords(id)).as("the flow run again does it, and records it").isEqualTo(1);
    }

    @Test
    void whenTheCopyCannotBeStoredNoRecordIsWrittenAndTheFlowsMarkRollsBack() {
        String mark = mark();
        SecureCopies.Sealed copy = sealed();
        jdbc.sql("ALTER TABLE inbox_message RENAME TO inbox_gone").update();
        assertThatThrownBy(() -> sendOnce(mark, copy)).isNotNull();
        jdbc.sql("ALTER TABLE inbox_gone RENAME TO inbox_message").update();
        assertThat(deliveries.find(copy.delivery().id())).as("the copy rolled back with the failed inbox").isEmpty();
        assertThat(deliverRecords(copy.delivery().id())).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE id = ? AND sent_at IS NULL").param(mark).query(Long.class).single())
                .as("the flow's mark rolled back too").isEqualTo(1);
    }

    @Test
    void aCopyFailedForGoodIsRecordedOnceAndAPushedOneNever() {
        String id = queued();
        routes.deadLettered(id);
        routes.deadLettered(id);
        assertThat(deliveries.find(id).orElseThrow().status()).isEqualTo(Delivery.Status.FAILED);
        assertThat(audit.latest(100)).filteredOn(r -> r.entry().action().equals("push") && r.entry().reason().contains(id)).hasSize(1);

        String pushed = queued();
        deliveries.markPushed(pushed, clock.instant());
        routes.deadLettered(pushed);
        assertThat(audit.latest(100)).noneMatch(r -> r.entry().reason() != null && r.entry().reason().contains(pushed));
    }
}
