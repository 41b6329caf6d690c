package org.safeguarding.gateway.server.support;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.safeguarding.gateway.server.GatewayApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole gateway in-process on a free port, with its own embedded PostgreSQL and broker under
 * target/ (or, in the build's second run, the machine's PostgreSQL server: {@link Postgres}), trusting the
 * real test Keycloak. Every integration test extends this one class so that
 * Spring reuses a single context for the run.
 */
@SpringBootTest(classes = {GatewayApplication.class, GatewayIntegrationTest.MovableTime.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                // the JSON log (read by StructuredLogsIT, scanned by .ci/no-child-data-in-logs), one per test run, set here
                // because the logging starts before the data directory below is known; never rolled during a run
                "logging.file.name=${test.work:target/it-work}/logs/gateway-${it.database:embedded}.json",
                "logging.logback.rollingpolicy.max-file-size=2GB"})
public abstract class GatewayIntegrationTest {

    public static final Path SEEDS = Path.of(System.getProperty("seeds.directory", "../../seeds"));
    private static final Path DATA = Path.of(System.getProperty("test.work", "target/it-work"))
            .resolve("gateway-" + UUID.randomUUID());

    @LocalServerPort
    private int port;

    protected Api api;

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry properties) {
        properties.add("gateway.issuer-uri", () -> Keycloak.get().issuer());
        properties.add("gateway.console.client-secret", Keycloak::consoleSecret);
        properties.add("gateway.data-directory", DATA::toString);
        properties.add("gateway.demo-data", () -> SEEDS.resolve("demo").toString());
        properties.add("gateway.token-clock-skew", () -> "1s");
        properties.add("gateway.outbox-poll-millis", () -> "50");
        // the production policy with short waits: a dead letter after 3 attempts, a failed push after 4
        properties.add("gateway.error-policy.redelivery.first-delay", () -> "100ms");
        properties.add("gateway.error-policy.redelivery.max-delay", () -> "400ms");
        properties.add("gateway.error-policy.redelivery.max-attempts", () -> "3");
        properties.add("gateway.error-policy.queues.delivery-push.first-delay", () -> "200ms");
        properties.add("gateway.error-policy.queues.delivery-push.multiplier", () -> "2");
        properties.add("gateway.error-policy.queues.delivery-push.max-delay", () -> "1s");
        properties.add("gateway.error-policy.queues.delivery-push.max-attempts", () -> "4");
        properties.add("gateway.error-policy.queues.delivery-mesh.first-delay", () -> "200ms");
        properties.add("gateway.error-policy.queues.delivery-mesh.multiplier", () -> "2");
        properties.add("gateway.error-policy.queues.delivery-mesh.max-delay", () -> "1s");
        properties.add("gateway.error-policy.queues.delivery-mesh.max-attempts", () -> "4");
        // the gateway's MESH mailbox at the stand-in, collected every 250 ms
        properties.add("gateway.mesh.url", () -> MESH.url().toString());
        properties.add("gateway.mesh.mailbox", () -> MESH_MAILBOX);
        properties.add("gateway.mesh.password", () -> MESH_PASSWORD);
        properties.add("gateway.mesh.shared-key", () -> MESH_SHARED_KEY);
        properties.add("gateway.mesh.poll-interval", () -> "250ms");
        properties.add("gateway.delivery.trusted-certificates", () -> PushReceiver.get().trustedCa().toString());
        properties.add("gateway.audit.checkpoint-every-records", () -> "25");
        properties.add("gateway.audit.checkpoint-poll-millis", () -> "200");
        properties.add("gateway.audit.time-stamp-authority", () -> TIME_STAMPS.url().toString());
        // the tests send many requests back to back from one organisation, faster than any partner's systems: the default
        // limit out of their reach (the limiter still runs for every request), and a low one for RateLimitIT's organisation only
        properties.add("gateway.rate-limit.per-organisation.requests-per-second", () -> "100000");
        properties.add("gateway.rate-limit.per-organisation.burst", () -> "100000");
        properties.add("gateway.rate-limit.overrides." + RATE_LIMITED_ORG + ".requests-per-second", () -> "1");
        properties.add("gateway.rate-limit.overrides." + RATE_LIMITED_ORG + ".burst", () -> "5");
        if (Postgres.wanted()) {
            properties.add("spring.datasource.url", () -> Postgres.get().jdbcUrl());
            properties.add("spring.datasource.username", () -> Postgres.USER);
            properties.add("spring.datasource.password", () -> "");
        }
        // otherwise no database configured: the gateway starts its embedded PostgreSQL under the data directory, as ./run does
        // an asynchronous response is cancelled after this, its thread interrupted: none may need one (StoreIT)
        properties.add("spring.mvc.async.request-timeout", () -> "1ms");
    }

    /** The one clock the whole context uses, which tests may move forward (and must put back). */
    @TestConfiguration
    static class MovableTime {
        @Bean
        @Primary
        TestClock testClock() {
            return CLOCK;
        }
    }

    protected static final TestClock CLOCK = new TestClock();

    /** The one organisation with a low rate limit (1 request a second, bursts of 5), which only RateLimitIT sends as. */
    protected static final String RATE_LIMITED_ORG = "ae-burst-test";

    /** A real RFC 3161 responder over HTTP: every checkpoint the shared context signs is time-stamped by it. */
    protected static final LocalTimeStampAuthority TIME_STAMPS = LocalTimeStampAuthority.start();

    /** The gateway's own MESH mailbox, and the demo agencies' (seeds/demo/agencies.json), at one stand-in for the run. */
    protected static final String MESH_MAILBOX = "X26SGW01";
    private static final String MESH_PASSWORD = "gateway-test-password";
    private static final String MESH_SHARED_KEY = "TestKey";
    protected static final MeshStandIn MESH = MeshStandIn.start(MESH_SHARED_KEY).mailbox(MESH_MAILBOX, MESH_PASSWORD)
            .mailbox("X26DER01", "la-derby-password").mailbox("X26GPD01", "gp-derby-password").mailbox("X26POL01", "police-password");

    protected static Path dataDirectory() {
        return DATA;
    }

    @BeforeEach
    void api() {
        api = new Api("http://localhost:" + port);
    }

    /** Whatever a test did to the clock, the next one starts at the real time. */
    @AfterEach
    void putTheClockBack() {
        CLOCK.reset();
    }
}
