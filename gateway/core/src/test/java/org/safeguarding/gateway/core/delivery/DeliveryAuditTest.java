package org.safeguarding.gateway.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A delivery's effect and its audit record commit together, against a real (H2) database with the production
 * migrations: both or neither, and once however often the delivery is processed.
 */
class DeliveryAuditTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);
    private JdbcClient jdbc;
    private Deliveries deliveries;
    private Inbox inbox;
    private AuditTrail audit;
    private SecureDeliveryRoutes routes;

    @BeforeEach
    void database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V1_0__audit_trail.sql"),
                new ClassPathResource("db/migration/V1_9__audit_caller_name.sql"),
                new ClassPathResource("db/migration/V1_1__register.sql"),
                new ClassPathResource("db/migration/V1_2__messaging.sql"),
                new ClassPathResource("db/migration/V1_3__secure_delivery.sql")).execute(dataSource);
        jdbc = JdbcClient.create(dataSource);
        deliveries = new Deliveries(jdbc);
        inbox = new Inbox(jdbc);
        audit = new AuditTrail(jdbc, new DataSourceTransactionManager(dataSource), clock);
        routes = new SecureDeliveryRoutes(deliveries, inbox, null, null, audit, JsonMapper.builder().build(), clock);
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
    void theCopyTheMarkAndTheRecordCommitTogetherAndOnce() {
        String id = queued();
        routes.deliverToInbox(id);
        routes.deliverToInbox(id);
        assertThat(inbox.find(id)).isPresent();
        assertThat(deliveries.find(id).orElseThrow().status()).isEqualTo(Delivery.Status.DELIVERED);
        assertThat(deliverRecords(id)).as("processed twice, recorded once").isEqualTo(1);
    }

    @Test
    void whenTheRecordCannotBeWrittenTheCopyIsNotDeliveredEither() {
        String id = queued();
        routes.deliverToInbox(queued()); // the trail has its tail loaded
        jdbc.sql("ALTER TABLE audit_record RENAME TO audit_gone").update();
        assertThatThrownBy(() -> routes.deliverToInbox(id)).isNotNull();
        jdbc.sql("ALTER TABLE audit_gone RENAME TO audit_record").update();
        assertThat(inbox.find(id)).as("no copy without its record").isEmpty();
        assertThat(deliveries.find(id).orElseThrow().status()).isEqualTo(Delivery.Status.QUEUED);
        assertThat(deliverRecords(id)).isZero();

        routes.deliverToInbox(id);
        assertThat(inbox.find(id)).isPresent();
        assertThat(deliverRecords(id)).as("the redelivery does it, and records it").isEqualTo(1);
    }

    @Test
    void whenTheCopyCannotBeStoredNoRecordIsWritten() {
        String id = queued();
        jdbc.sql("ALTER TABLE inbox_message RENAME TO inbox_gone").update();
        assertThatThrownBy(() -> routes.deliverToInbox(id)).isNotNull();
        jdbc.sql("ALTER TABLE inbox_gone RENAME TO inbox_message").update();
        assertThat(deliveries.find(id).orElseThrow().status()).as("the mark rolled back with the failed copy").isEqualTo(Delivery.Status.QUEUED);
        assertThat(deliverRecords(id)).isZero();
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
