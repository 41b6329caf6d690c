package org.safeguarding.gateway.server;

import java.time.Clock;
import java.util.Set;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.dv.DvNotifications;
import org.safeguarding.gateway.core.flow.FlowCall;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.core.inbox.InboxRetention;
import org.safeguarding.gateway.core.governance.AccessReport;
import org.safeguarding.gateway.core.governance.TrailExport;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.safeguarding.gateway.core.register.RegisterRetention;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.core.audit.AuditRoutes;
import org.safeguarding.gateway.security.audit.AuditCheckpoints;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Information governance: who looked at a child, and how long ended plans, inbox messages and audit records are kept. */
@Configuration(proxyBeanMethods = false)
public class GovernanceConfiguration {

    @Bean
    AccessReport accessReport(AccessControl access, AuditTrail audit, PlanRegister register, AgencyDirectory agencies) {
        return new AccessReport(access, audit, register, agencies);
    }

    @Bean
    TrailExport trailExport(AccessControl access, AuditTrail audit, AuditCheckpoints checkpoints, Clock clock) {
        return new TrailExport(access, audit, checkpoints, clock);
    }

    /** Refuses to start when the retention is shorter than the visibility window. */
    @Bean
    RegisterRetention registerRetention(JdbcClient jdbc, PlanRegister register, AuditTrail audit, Clock clock,
            GatewayProperties gateway, RetentionProperties retention) {
        return new RegisterRetention(jdbc, register, audit, clock, retention.plans(), gateway.visibilityDays(), retention.pollMillis());
    }

    /** Refuses to start when the retention is shorter than the weeks the indicators count; the receipt alone awaits no acknowledgement. */
    @Bean
    InboxRetention inboxRetention(Inbox inbox, AuditTrail audit, FlowCall flows, Clock clock, RetentionProperties retention) {
        return new InboxRetention(inbox, audit, flows, clock, retention.inbox(), Set.of(DvNotifications.RECEIPT_TYPE), retention.pollMillis());
    }

    @Bean
    AuditRoutes auditRoutes(AuditCheckpoints checkpoints, Clock clock, GatewayProperties gateway, RetentionProperties retention) {
        return new AuditRoutes(checkpoints, gateway.audit().checkpointPollMillis(), clock, retention.audit(), retention.pollMillis());
    }
}
