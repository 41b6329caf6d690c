package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.core.outbox.OutboxRelayRoute;
import org.safeguarding.gateway.core.scheduling.DatabaseLeadership;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a node may not keep to itself, each shown with a second "node" beside the running gateway on the same PostgreSQL
 * and broker (ClusterIT shows the whole with two processes): the outbox shared out so that no message is relayed twice,
 * one audit chain under appends from both, the scheduled work on one node at a time and taken over when its node's
 * database session dies.
 */
class ManyNodesIT extends GatewayIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    Clock clock;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    ConnectionFactory broker;

    @Autowired
    DataSource dataSource;

    @Autowired
    CamelContext camel;

    @Autowired
    AuditTrail audit;

    @Test
    void twoRelaysBesideTheGatewaysOwnSendEachMessageOnce() throws Exception {
        String queue = "many-nodes-relay-" + UUID.randomUUID();
        Outbox outbox = new Outbox(jdbc, json, clock, transaction);
        int messages = 1500;
        for (int i = 0; i < messages; i++) {
            outbox.enqueue(queue, UUID.randomUUID().toString(), Map.of("n", i));
        }
        JmsTemplate transacted = new JmsTemplate(broker);
        transacted.setSessionTransacted(true);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        List<Future<Integer>> relayed = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            // a second and third relay, racing the running gateway's own outbox-relay route over the same rows
            Outbox another = new Outbox(jdbc, json, clock, transaction);
            relayed.add(nodes.submit(() -> {
                int sent = 0;
                for (int n; (n = another.relayPending(transacted, 25)) > 0; ) {
                    sent += n;
                }
                return sent;
            }));
        }
        for (Future<Integer> r : relayed) {
            r.get();
        }
        nodes.shutdown();
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.pendingCount() == 0);

        JmsTemplate reader = new JmsTemplate(broker);
        reader.setReceiveTimeout(2000);
        List<String> ids = new ArrayList<>();
        for (Message m; (m = reader.receive(queue)) != null; ) {
            ids.add(m.getStringProperty(OutboxRelayRoute.MESSAGE_ID));
        }
        assertThat(ids).hasSize(messages);
        assertThat(new HashSet<>(ids)).hasSize(messages);
    }

    @Test
    void appendsFromAnotherNodeAndThisOneMakeOneChain() throws Exception {
        AuditTrail anotherNode = new AuditTrail(jdbc, transactions, clock);
        long before = jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM audit_record").query(Long.class).single();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<?>> appends = new ArrayList<>();
        int each = 150;
        for (int t = 0; t < 8; t++) {
            AuditTrail trail = t % 2 == 0 ? audit : anotherNode;
            String node = t % 2 == 0 ? "this" : "another";
            appends.add(callers.submit(() -> {
                for (int i = 0; i < each; i++) {
                    trail.append(new AuditEntry("many-nodes-test", "test", "operations-gateway", "test-append", "test/" + node, null,
                            AuditEntry.ALLOWED, null, "appended by " + node + " node"));
                }
            }));
        }
        for (Future<?> a : appends) {
            a.get();
        }
        callers.shutdown();

        long mine = jdbc.sql("SELECT COUNT(*) FROM audit_record WHERE subject = 'many-nodes-test' AND seq > ?").param(before)
                .query(Long.class).single();
        assertThat(mine).isEqualTo(8L * each);
        long newest = jdbc.sql("SELECT MAX(seq) FROM audit_record").query(Long.class).single();
        long count = jdbc.sql("SELECT COUNT(*) FROM audit_record WHERE seq > ?").param(before).query(Long.class).single();
        assertThat(count).as("no gap in the sequence").isEqualTo(newest - before);
        JsonNode verify = api.get("/api/v1/audit/verify", Tokens.user("auditor")).json();
        assertThat(verify.get("valid").asBoolean()).as(verify.toString()).isTrue();
    }

    @Test
    void everyScheduledRouteButTheRelayRunsOnOneNodeAtATime() {
        List<String> scheduled = new ArrayList<>();
        for (Route route : camel.getRoutes()) {
            String from = route.getEndpoint().getEndpointUri();
            if ((from.startsWith("timer:") || from.startsWith("file:")) && !route.getRouteId().equals("outbox-relay")) {
                scheduled.add(route.getRouteId());
                assertThat(route.getRoutePolicyList()).as(route.getRouteId()).hasAtLeastOneElementOfType(ClusteredRoutePolicy.class);
            }
        }
        assertThat(scheduled).contains("audit-checkpoint", "audit-retention", "retention-purge", "inbox-retention-timer",
                "delivery-escalation-timer", "referral-overdue-timer", "plan-file-drop", "mesh-inbox-timer");
        assertThat(camel.getRoute("outbox-relay").getRoutePolicyList()).noneMatch(p -> p instanceof ClusteredRoutePolicy);
    }

    @Test
    void theScheduledWorkGoesToAnotherNodeWhenItsNodesSessionDies() throws Exception {
        String namespace = "many-nodes-" + UUID.randomUUID();
        try (CamelContext a = new DefaultCamelContext(); CamelContext b = new DefaultCamelContext()) {
            DatabaseLeadership nodeA = new DatabaseLeadership(dataSource, "node-a", Duration.ofMillis(200));
            DatabaseLeadership nodeB = new DatabaseLeadership(dataSource, "node-b", Duration.ofMillis(200));
            a.addService(nodeA, true, true);
            a.start();
            nodeA.getView(namespace);
            await().atMost(Duration.ofSeconds(5)).until(() -> nodeA.isLeader(namespace));
            b.addService(nodeB, true, true);
            b.start();
            nodeB.getView(namespace);
            Thread.sleep(1000);
            assertThat(nodeB.isLeader(namespace)).as("one node at a time").isFalse();

            // node A's database session ends as a dead node's does (its connection gone): B takes over within seconds, and
            // A, finding its session gone, no longer counts itself the leader
            int ended = jdbc.sql("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    + " AND objid = CAST(CAST(? AS int4) AS oid) AND pid <> pg_backend_pid()").param(namespace.hashCode()).query(Integer.class).single();
            assertThat(ended).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> nodeB.isLeader(namespace));
            await().atMost(Duration.ofSeconds(10)).until(() -> !nodeA.isLeader(namespace));
            assertThat(nodeB.isLeader(namespace)).as("still one node at a time").isTrue();
        }
    }
}
