package org.safeguarding.gateway.core.audit;

import java.time.Clock;
import java.time.Period;
import java.time.ZoneOffset;
import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.security.audit.AuditCheckpoints;

/**
 * audit-retention: audit records are kept for their own period (longer than the register keeps
 * plans), then removed from the oldest end, up to a signed checkpoint that the kept trail goes on
 * from; see {@link AuditCheckpoints#purgeRecordsBefore}.
 */
public class AuditRetentionRoute extends RouteBuilder {

    public static final String ROUTE_ID = "audit-retention";

    private final AuditCheckpoints checkpoints;
    private final Clock clock;
    private final Period retention;
    private final long pollMillis;

    public AuditRetentionRoute(AuditCheckpoints checkpoints, Clock clock, Period retention, long pollMillis) {
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.retention = retention;
        this.pollMillis = pollMillis;
    }

    @Override
    public void configure() {
        from("timer:" + ROUTE_ID + "?delay=" + pollMillis + "&period=" + pollMillis).routeId(ROUTE_ID)
                .process(e -> checkpoints.purgeRecordsBefore(clock.instant().atZone(ZoneOffset.UTC).minus(retention).toInstant()));
    }
}
