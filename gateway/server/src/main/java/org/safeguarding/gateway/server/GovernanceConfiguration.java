package org.safeguarding.gateway.server;

import java.time.Clock;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.governance.AccessReport;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.safeguarding.gateway.core.register.RegisterRetention;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.core.audit.AuditRoutes;
import org.safeguarding.gateway.security.audit.AuditCheckpoints;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Information governance over the register: who looked at a child, and how long ended plans are kept. */
@Configuration(proxyBeanMethods = false)
public class GovernanceConfiguration {

    @Bean
    AccessReport accessReport(AccessControl access, AuditTrail audit, PlanRegister register, AgencyDirectory agencies) {
        return new AccessReport(access, audit, register, agencies);
    }

    /** Refuses to start when the retention is shorter than the visibility window. */
    @Bean
    RegisterRetention registerRetention(JdbcClient jdbc, PlanRegister register, AuditTrail audit, Clock clock,
            GatewayProperties gateway, RetentionProperties retention) {
        return new RegisterRetention(jdbc, register, audit, clock, retention.plans(), gateway.visibilityDays(), retention.pollMillis());
    }

    @Bean
    AuditRoutes auditRoutes(AuditCheckpoints checkpoints, Clock clock, GatewayProperties gateway, RetentionProperties retention) {
        return new AuditRoutes(checkpoints, gateway.audit().checkpointPollMillis(), clock, retention.audit(), retention.pollMillis());
    }
}
