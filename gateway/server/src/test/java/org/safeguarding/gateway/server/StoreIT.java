package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.KeycloakExtension;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Postgres;
import org.safeguarding.gateway.server.support.StoreFaults;
import org.safeguarding.gateway.server.support.Tokens;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The store under what years of service bring: a thread interrupted mid-read or mid-write, an export longer than any
 * time-out, and a store that stops working and comes back (its database stops taking connections, {@link StoreFaults}).
 * An interrupted thread once closed the embedded H2 store for good (#14); PostgreSQL is a server, but the test stays.
 */
@ExtendWith(KeycloakExtension.class)
class StoreIT extends GatewayIntegrationTest {

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ObjectProvider<EmbeddedPostgres> embedded;

    @Test
    void threadsInterruptedInTheMiddleOfAReadAndOfACommitLeaveTheGatewayAnswering() throws Exception {
        String nhs = Plans.registeredInDerby(api, "a plan of la-derby");
        manyRecords(10_000);
        // a reader interrupted after its first record, as a cancelled request would be: every read after it is made by
        // an interrupted thread
        AtomicInteger read = new AtomicInteger();
        AtomicReference<Throwable> readerEnded = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                audit.readAll(records -> {
                    records.forEach(r -> {
                        if (read.incrementAndGet() == 1) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    return null;
                });
            } catch (RuntimeException e) {
                readerEnded.set(e);
            }
        });
        reader.start();
        reader.join();

        // and a commit by an interrupted thread
        Thread writer = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                jdbc.sql("INSERT INTO store_heartbeat (node, beat) VALUES (?, 0)").param("interrupted-" + UUID.randomUUID()).update();
            } catch (RuntimeException e) {
                readerEnded.compareAndSet(null, e);
            }
        });
        writer.start();
        writer.join();
        assertThat(readerEnded.get()).as("neither interrupted thread failed").isNull();
        assertThat(read.get()).as("the reader went on past its first page, interrupted").isGreaterThan(10_000);

        String ae = Tokens.user("ae.clinician");
        assertThat(api.careTeams(nhs, ae).json().get("total").asInt()).as("a lookup still answers").isEqualTo(1);
        Plans.registeredInDerby(api, "and a write");
        assertThat(health().status()).as(health().body()).isEqualTo(200);
    }

    @Test
    void anExportOfManyPagesIsCompleteAndVerifiesOffline() throws Exception {
        manyRecords(5_000);
        long tail = audit.knownTail();
        var response = api.get("/api/v1/audit/export", Tokens.user("auditor"));
        assertThat(response.status()).isEqualTo(200);
        List<Long> seqs = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.contains("\"type\":\"record\"")) {
                seqs.add(Long.parseLong(line.replaceAll(".*\"seq\":(\\d+).*", "$1")));
            }
        }
        assertThat(seqs).as("in order, none missing").isSorted();
        assertThat(seqs.get(seqs.size() - 1)).as("up to the newest record when it began").isGreaterThanOrEqualTo(tail);
        assertThat(seqs.get(seqs.size() - 1) - seqs.get(0) + 1).isEqualTo(seqs.size());

        Path export = Files.createTempFile("audit", ".ndjson");
        Files.writeString(export, response.body());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = AuditCli.run(new String[] {"verify", "--certificate", dataDirectory().resolve("gateway-ca.pem").toString(),
                export.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(OutputStream.nullOutputStream()));
        assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(AuditCli.VALID);
    }

    @Test
    void healthIsDownWithinSecondsOfTheStoreFailingAndUpAgainWhenItRecovers() throws Exception {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Api.Response health = health();
            assertThat(health.status()).as(health.body()).isEqualTo(200);
        });
        try {
            faults().fail();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Api.Response health = health();
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.json().get("components").get("store").get("status").asString()).isEqualTo("DOWN");
            });
        } finally {
            faults().recover();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Api.Response health = health();
            assertThat(health.status()).as(health.body()).isEqualTo(200);
        });
        assertThat(health().json().get("components").get("broker").get("status").asString()).isEqualTo("UP");
        String nhs = Plans.registeredInDerby(api, "the store takes writes again");
        assertThat(api.careTeams(nhs, Tokens.user("ae.clinician")).json().get("total").asInt()).isEqualTo(1);
    }

    /** The embedded server (./run's store), or the build's second run's PostgreSQL. */
    private StoreFaults faults() {
        EmbeddedPostgres server = embedded.getIfAvailable();
        return server != null
                ? new StoreFaults(server.jdbcUrl("postgres"), EmbeddedPostgres.USER, server.password(), EmbeddedPostgres.DATABASE)
                : new StoreFaults(Postgres.get().adminUrl(), Postgres.USER, "", Postgres.DATABASE);
    }

    private Api.Response health() {
        return api.get("/actuator/health", Tokens.user("ops")); // which part is down is shown to operators only
    }

    private void manyRecords(int count) {
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(new AuditEntry("store-it", "", null, "cp-lookup", "CareTeam", null, AuditEntry.ALLOWED, null, "bulk " + i));
        }
        audit.appendAll(entries, () -> {});
    }
}
