package org.safeguarding.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {

    @AfterEach
    void clean() {
        MDC.clear();
    }

    @Test
    void aUuidTraceIdIsKeptAnythingElseIsReplaced() {
        String given = UUID.randomUUID().toString();
        assertThat(LogContext.traceIdFrom(given)).isEqualTo(given);
        assertThat(LogContext.traceIdFrom(given.toUpperCase())).isEqualTo(given);
        for (String other : new String[] {null, "", "9434765919", "lookup of 9434765919", given + "x", "{" + given + "}"}) {
            String made = LogContext.traceIdFrom(other);
            assertThat(UUID.fromString(made).toString()).isEqualTo(made).isNotEqualTo(other);
        }
    }

    @Test
    void theGatewaysOwnTraceIdsAreVersion4UuidsAndDistinct() {
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = UUID.fromString(LogContext.newTraceId());
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            made.add(id.toString());
        }
        assertThat(made).hasSize(10_000);
    }

    @Test
    void theFirstDecisionOfAUnitOfWorkNamesItsOrganisationAndFlowAndEndClearsAll() {
        Caller nurse = new Caller("s", "nurse", Set.of(), "ae-royal-derby");
        LogContext.decided(nurse, Action.CP_LOOKUP);
        assertThat(MDC.getCopyOfContextMap()).as("outside a unit of work nothing is set").isNullOrEmpty();

        LogContext.begin("t-1", null, null);
        LogContext.decided(nurse, Action.CP_LOOKUP);
        LogContext.decided(new Caller("s", "gw", Set.of(), "gateway"), Action.DELIVER);
        assertThat(MDC.get(LogContext.ORG)).isEqualTo("ae-royal-derby");
        assertThat(MDC.get(LogContext.FLOW)).isEqualTo("cp-lookup");

        LogContext.end();
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void workHandedToAnotherThreadRunsInTheHandersContextAndLeavesNothingThere() throws Exception {
        LogContext.begin("t-2", "police-derbyshire", "dv-submit");
        AtomicReference<String> seen = new AtomicReference<>();
        Runnable work = LogContext.carrying(() -> seen.set(LogContext.traceId() + " " + LogContext.org()));
        AtomicReference<String> after = new AtomicReference<>("unset");
        Thread writer = new Thread(() -> {
            work.run();
            after.set(LogContext.traceId());
        });
        writer.start();
        writer.join();
        assertThat(seen.get()).isEqualTo("t-2 police-derbyshire");
        assertThat(after.get()).isNull();
        assertThat(LogContext.carrying(null)).isNull();
    }
}
