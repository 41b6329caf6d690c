package org.safeguarding.gateway.server;

import java.time.Clock;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.register.PlanValidator;
import org.safeguarding.gateway.core.register.batch.JdbcPlanBatchStore;
import org.safeguarding.gateway.core.register.batch.PlanBatch;
import org.safeguarding.gateway.core.register.batch.PlanBatchStore;
import org.safeguarding.gateway.core.register.batch.PlanFileDropRoute;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The daily batch upload of plans: the core logic, its JDBC side, and the file-drop route that
 * reads {@code <gateway.data-directory>/drop/<la>/in/*.csv}. The HTTP side is the social-care
 * adapter's PlanBatchController; the body limit for it is {@code gateway.max-batch-bytes}.
 */
@Configuration(proxyBeanMethods = false)
public class BatchConfiguration {

    /** How often the drop folders are looked at. */
    private static final long DROP_POLL_MILLIS = 1000;

    @Bean
    PlanBatchStore planBatchStore(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock) {
        return new JdbcPlanBatchStore(jdbc, transaction, clock);
    }

    @Bean
    PlanBatch planBatch(AccessControl access, AuditTrail audit, Clock clock, PlanBatchStore store) {
        return new PlanBatch(access, audit, new PlanValidator(clock), store);
    }

    @Bean
    PlanFileDropRoute planFileDropRoute(PlanBatch batch, AgencyDirectory agencies, JsonMapper json, ClusterProperties cluster) {
        return new PlanFileDropRoute(batch, agencies, json, cluster.sharedDirectory().resolve("drop"), DROP_POLL_MILLIS);
    }
}
