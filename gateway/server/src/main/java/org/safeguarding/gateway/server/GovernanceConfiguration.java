package org.safeguarding.gateway.server;

import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.governance.AccessReport;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Information governance over the register: who looked at a child, and how long ended plans are kept. */
@Configuration(proxyBeanMethods = false)
public class GovernanceConfiguration {

    @Bean
    AccessReport accessReport(AccessControl access, AuditTrail audit, PlanRegister register, AgencyDirectory agencies) {
        return new AccessReport(access, audit, register, agencies);
    }
}
