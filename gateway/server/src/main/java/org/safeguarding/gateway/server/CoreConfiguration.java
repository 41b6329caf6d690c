package org.safeguarding.gateway.server;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.core.inbox.Mailbox;
import org.safeguarding.gateway.core.indicators.Indicators;
import org.safeguarding.gateway.core.lookup.AccessHistory;
import org.safeguarding.gateway.core.lookup.CpLookup;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.core.outbox.OutboxRelayRoute;
import org.safeguarding.gateway.core.register.AuthorityPlans;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.safeguarding.gateway.core.register.PlanTransfers;
import org.safeguarding.gateway.core.register.PlanUpdates;
import org.safeguarding.gateway.core.register.PlanValidator;
import org.safeguarding.gateway.core.register.SiblingGroups;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.AccessPolicy;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.audit.AuditCheckpoints;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.security.audit.TimeStampAuthority;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.safeguarding.gateway.security.crypto.GatewayKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Wires the core's plain classes: the one place that says which implementation serves each port. */
@Configuration(proxyBeanMethods = false)
public class CoreConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CoreConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    AuditTrail auditTrail(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, MeterRegistry metrics) {
        AuditTrail trail = new AuditTrail(jdbc, transactions, clock);
        // every flow's steps are audited: counted per action and outcome they are its metrics (accepted, routed, delivered,
        // failed, dead-lettered, escalated as overdue), for Prometheus at /actuator/prometheus
        trail.onRecorded(entry -> metrics.counter("gateway.flow.events", "action", entry.action(), "outcome", entry.outcome()).increment());
        return trail;
    }

    @Bean
    AccessControl accessControl(AuditTrail audit, GatewayProperties properties) {
        if (!properties.audit().auditAllowedLookups()) {
            LOG.warn("allowed CP lookups are NOT audited (gateway.audit.audit-allowed-lookups=false): benchmark use only");
            audit.append(AuditEntry.system(Action.AUDIT_CONFIGURATION, "audit-trail/lookups", null, "unaudited",
                    "allowed CP lookups are not recorded from now until the next start (benchmark setting)"));
        }
        return new AccessControl(new AccessPolicy(), audit, properties.audit().auditAllowedLookups());
    }

    @Bean
    AuditCheckpoints auditCheckpoints(JdbcClient jdbc, AuditTrail trail, CmsEnvelope signer, GatewayKeys keys, Clock clock,
            GatewayProperties properties) {
        GatewayProperties.Audit audit = properties.audit();
        TimeStampAuthority tsa = audit.timeStampAuthority() == null ? null
                : new HttpTimeStampAuthority(audit.timeStampAuthority(), audit.timeStampTimeout());
        return new AuditCheckpoints(jdbc, trail, signer, keys.caCertificate(), tsa, clock, audit.checkpointEveryRecords(),
                audit.checkpointEvery());
    }


    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactions) {
        return new TransactionTemplate(transactions);
    }

    @Bean
    AgencyDirectory agencyDirectory(JdbcClient jdbc) {
        return new AgencyDirectory(jdbc);
    }

    @Bean
    PlanRegister planRegister(JdbcClient jdbc, Clock clock) {
        return new PlanRegister(jdbc, clock);
    }

    @Bean
    PlanUpdates planUpdates(AccessControl access, PlanRegister register, Clock clock, TransactionTemplate transaction) {
        return new PlanUpdates(access, register, new PlanValidator(clock), transaction);
    }

    @Bean
    AuthorityPlans authorityPlans(AccessControl access, PlanRegister register) {
        return new AuthorityPlans(access, register);
    }

    @Bean
    Outbox outbox(JdbcClient jdbc, JsonMapper json, Clock clock, TransactionTemplate transaction) {
        return new Outbox(jdbc, json, clock, transaction);
    }

    @Bean
    Inbox inbox(JdbcClient jdbc) {
        return new Inbox(jdbc);
    }

    @Bean
    Mailbox mailbox(Inbox inbox, AccessControl access) {
        return new Mailbox(inbox, access);
    }

    @Bean
    SiblingGroups siblingGroups(AccessControl access, PlanRegister register, JdbcClient jdbc, TransactionTemplate transaction) {
        return new SiblingGroups(access, register, jdbc, transaction);
    }

    @Bean
    PlanTransfers planTransfers(AccessControl access, PlanRegister register, Inbox inbox, JdbcClient jdbc,
            TransactionTemplate transaction, Clock clock) {
        return new PlanTransfers(access, register, inbox, jdbc, transaction, clock);
    }

    @Bean
    Indicators indicators(AccessControl access, JdbcClient jdbc, Clock clock) {
        return new Indicators(access, jdbc, clock);
    }

    @Bean
    CpLookup cpLookup(AccessControl access, PlanRegister register, AgencyDirectory agencies, Inbox inbox, JsonMapper json,
            SiblingGroups siblings, Clock clock, GatewayProperties properties) {
        return new CpLookup(access, register, agencies, inbox, json, siblings, clock, properties.visibilityDays());
    }

    @Bean
    AccessHistory accessHistory(AccessControl access, AuditTrail audit) {
        return new AccessHistory(access, audit);
    }

    @Bean
    OutboxRelayRoute outboxRelayRoute(Outbox outbox, ConnectionFactory broker, GatewayProperties properties) {
        JmsTemplate transacted = new JmsTemplate(broker);
        transacted.setSessionTransacted(true);
        return new OutboxRelayRoute(outbox, transacted, properties.outboxPollMillis());
    }
}
