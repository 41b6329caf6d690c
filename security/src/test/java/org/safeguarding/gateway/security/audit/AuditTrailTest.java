package org.safeguarding.gateway.security.audit;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.core.io.ClassPathResource;
import org.springframework.transaction.support.TransactionTemplate;

/** The trail against a real (H2) database with the production migration. */
class AuditTrailTest {

    private JdbcClient jdbc;
    private AuditTrail trail;
    private DataSourceTransactionManager transactions;

    @BeforeEach
    void database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V1_0__audit_trail.sql"),
                new ClassPathResource("db/migration/V1_9__audit_caller_name.sql"),
                new ClassPathResource("db/migration/V1_19__audit_chain_tail.sql")).execute(dataSource);
        jdbc = JdbcClient.create(dataSource);
        transactions = new DataSourceTransactionManager(dataSource);
        trail = new AuditTrail(jdbc, transactions, Clock.fixed(Instant.parse("2026-11-26T09:00:00.123456Z"), ZoneOffset.UTC));
    }

    /** The chain alone (checkpoints are AuditCheckpoints' and have their own tests). */
    private ChainVerification verify() {
        return trail.readAll(records -> ChainVerifier.verify(records.iterator()));
    }

    private static AuditEntry lookup(String nhs, String outcome) {
        return new AuditEntry("sub (ae.clinician)", "unscheduled-care", "ae-royal-derby", "cp-lookup", "child/" + nhs, nhs,
                outcome, "trace", "reason");
    }

    @Test
    void appendedRecordsChainAndVerify() {
        AuditRecord first = trail.append(lookup("9997709144", "allowed"));
        AuditRecord second = trail.append(lookup("9995341654", "denied"));
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.previousHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(second.previousHash()).isEqualTo(first.hash());
        assertThat(verify()).isEqualTo(ChainVerification.intact(2));
    }

    @Test
    void theCallersNameIsKeptReadBackAndAnEditOfItIsLocated() {
        trail.append(lookup("9997709144", "allowed"));
        AuditRecord named = trail.append(new AuditEntry("sub (gp.derby)", "gp", "gp-derby-central", "cp-lookup", "child/9997709144",
                "9997709144", "allowed", null, "reason", "Gita Practitioner"));
        assertThat(trail.record(named.seq()).orElseThrow().entry().callerName()).isEqualTo("Gita Practitioner");
        assertThat(trail.record(1).orElseThrow().entry().callerName()).isNull();
        assertThat(verify().valid()).isTrue();
        jdbc.sql("UPDATE audit_record SET caller_name = 'Someone Else' WHERE seq = 2").update();
        assertThat(verify().firstBrokenRecord()).isEqualTo(2);
        jdbc.sql("UPDATE audit_record SET caller_name = NULL WHERE seq = 2").update();
        assertThat(verify().firstBrokenRecord()).as("nor may the name be removed").isEqualTo(2);
    }

    @Test
    void severalRecordsCommitWithOneEffectInOrderOrNoneDo() {
        jdbc.sql("CREATE TABLE effect (id INT PRIMARY KEY)").update();
        List<AuditRecord> written = trail.appendAll(List.of(lookup("9997709144", "not-sent"), lookup("9997709144", "routed")),
                () -> jdbc.sql("INSERT INTO effect VALUES (1)").update());
        assertThat(written).extracting(r -> r.entry().outcome()).containsExactly("not-sent", "routed");
        assertThat(written.get(1).previousHash()).isEqualTo(written.get(0).hash());
        assertThatThrownBy(() -> trail.appendAll(List.of(lookup("9997709144", "a"), lookup("9997709144", "b")), () -> {
            jdbc.sql("INSERT INTO effect VALUES (2)").update();
            throw new IllegalStateException("the effect finds it was done already");
        })).hasMessageContaining("done already");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM effect").query(Long.class).single()).as("the failed effect rolled back").isEqualTo(1);
        assertThat(trail.latest(10)).as("and none of its records written").hasSize(2);
        assertThat(verify().valid()).isTrue();
    }

    @Test
    void anEffectsOwnDuplicateKeyFailsAtOnceAndIsNotTakenForAnotherNodesAppend() {
        jdbc.sql("CREATE TABLE effect (id INT PRIMARY KEY)").update();
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        trail.append(lookup("9997709144", "allowed"), () -> jdbc.sql("INSERT INTO effect VALUES (1)").update());
        assertThatThrownBy(() -> trail.append(lookup("9997709144", "allowed"), () -> {
            attempts.incrementAndGet();
            jdbc.sql("INSERT INTO effect VALUES (1)").update();
        })).isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
        assertThat(attempts).as("tried once: relinking the chain cannot help an effect that is a duplicate").hasValue(1);
        assertThat(trail.latest(10)).hasSize(1);
        assertThat(verify()).isEqualTo(ChainVerification.intact(1));
    }

    @Test
    void aDenialIsKeptWhenTheSurroundingTransactionRollsBack() {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            trail.append(lookup("9997709144", "denied"));
            status.setRollbackOnly();
        });
        assertThat(trail.latest(10)).hasSize(1);
    }

    @Test
    void anUpdateOrDeleteInTheDatabaseIsLocated() {
        for (int i = 0; i < 5; i++) {
            trail.append(lookup("9997709144", "allowed"));
        }
        jdbc.sql("UPDATE audit_record SET org_id = 'somewhere-else' WHERE seq = 4").update();
        assertThat(verify().firstBrokenRecord()).isEqualTo(4);
        jdbc.sql("UPDATE audit_record SET org_id = 'ae-royal-derby' WHERE seq = 4").update();
        assertThat(verify().valid()).isTrue();
        jdbc.sql("DELETE FROM audit_record WHERE seq = 2").update();
        assertThat(verify().firstBrokenRecord()).as("the missing record").isEqualTo(2);
    }

    @Test
    void aSecondWriterOnTheSameDatabaseContinuesTheChain() {
        AuditTrail otherNode = new AuditTrail(jdbc, transactions, Clock.systemUTC());
        trail.append(lookup("9997709144", "allowed"));
        otherNode.append(lookup("9997709144", "allowed"));
        trail.append(lookup("9997709144", "allowed"));
        assertThat(verify()).isEqualTo(ChainVerification.intact(3));
    }

    @Test
    void queriesByChildAndByAction() {
        trail.append(lookup("9997709144", "allowed"));
        trail.append(lookup("9995341654", "allowed"));
        trail.append(lookup("9997709144", "denied"));
        assertThat(trail.aboutChild("9997709144", 10)).hasSize(2);
        assertThat(trail.recentAllowed("9997709144", "cp-lookup", 10)).hasSize(1);
    }
}
