package org.safeguarding.gateway.security.audit;

import org.safeguarding.gateway.security.Action;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.safeguarding.gateway.security.crypto.GatewayKeys;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/** Checkpoints on their schedule, and audit retention that removes old records without breaking verification. */
class AuditRetentionTest {

    @TempDir
    Path data;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    private final java.time.Clock clock = new java.time.Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private JdbcClient jdbc;
    private AuditTrail trail;
    private AuditCheckpoints checkpoints;

    @BeforeEach
    void database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V1_0__audit_trail.sql"),
                new ClassPathResource("db/migration/V1_7__audit_checkpoints.sql"),
                new ClassPathResource("db/migration/V1_9__audit_caller_name.sql"),
                new ClassPathResource("db/migration/V1_19__audit_chain_tail.sql")).execute(dataSource);
        jdbc = JdbcClient.create(dataSource);
        trail = new AuditTrail(jdbc, new DataSourceTransactionManager(dataSource), clock);
        GatewayKeys keys = GatewayKeys.loadOrCreate(data);
        checkpoints = new AuditCheckpoints(jdbc, trail, new CmsEnvelope(keys.signer()), keys.caCertificate(), null, clock, 10,
                Duration.ofMinutes(5));
    }

    private void records(int n) {
        for (int i = 0; i < n; i++) {
            trail.append(AuditEntry.system(Action.DELIVER, "document/d" + i, "9990000018", "delivered", null));
        }
    }

    @Test
    void a_checkpoint_is_due_after_enough_records_or_enough_time() {
        records(9);
        assertThat(checkpoints.checkpointIfDue()).as("9 records, no time passed").isEmpty();
        records(1);
        assertThat(checkpoints.checkpointIfDue()).map(Checkpoint::seq).hasValue(10L);
        records(3);
        assertThat(checkpoints.checkpointIfDue()).isEmpty();
        now.set(now.get().plus(Duration.ofMinutes(5)));
        assertThat(checkpoints.checkpointIfDue()).as("five minutes later").map(Checkpoint::seq).hasValue(13L);
        assertThat(checkpoints.checkpointIfDue()).as("nothing new to sign").isEmpty();
        assertThat(checkpoints.verify().valid()).isTrue();
        assertThat(checkpoints.verify().checkpoints()).isEqualTo(2);
    }

    @Test
    void old_records_are_removed_up_to_a_checkpoint_and_the_rest_still_verifies() {
        records(10);
        checkpoints.checkpointIfDue();
        records(5);
        now.set(now.get().plus(Duration.ofDays(10)));
        records(10);
        checkpoints.checkpointIfDue();

        long removed = checkpoints.purgeRecordsBefore(now.get().minus(Duration.ofDays(5)));

        assertThat(removed).as("records 1..10: 11..15 are old too, but no checkpoint anchors the cut after them").isEqualTo(10);
        assertThat(jdbc.sql("SELECT MIN(seq) FROM audit_record").query(Long.class).single()).isEqualTo(11);
        ChainVerification result = checkpoints.verify();
        assertThat(result.valid()).as(result.toString()).isTrue();
        assertThat(trail.latest(1).get(0).entry().action()).isEqualTo("audit-purge");
        assertThat(trail.latest(1).get(0).entry().reason()).contains("10 records").contains("checkpoint at record 10");

        jdbc.sql("DELETE FROM audit_record WHERE seq = 11").update();
        assertThat(checkpoints.verify().firstBrokenRecord()).as("a removal not made by retention is still found").isEqualTo(12);
        assertThat(checkpoints.purgeRecordsBefore(now.get().minus(Duration.ofDays(5)))).as("nothing more is anchored").isZero();
    }
}
