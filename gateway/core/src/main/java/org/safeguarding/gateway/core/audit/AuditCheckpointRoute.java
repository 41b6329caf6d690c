package org.safeguarding.gateway.core.audit;

import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.security.audit.AuditCheckpoints;

/**
 * audit-checkpoint: looks every {@code pollMillis} whether the trail's tail is due a signed
 * checkpoint (enough records or enough time since the last one) and signs it. Off the lookup path:
 * signing and the TSA's round trip never delay a request.
 */
public class AuditCheckpointRoute extends RouteBuilder {

    private final AuditCheckpoints checkpoints;
    private final long pollMillis;

    public AuditCheckpointRoute(AuditCheckpoints checkpoints, long pollMillis) {
        this.checkpoints = checkpoints;
        this.pollMillis = pollMillis;
    }

    @Override
    public void configure() {
        from("timer:audit-checkpoint?delay=" + pollMillis + "&period=" + pollMillis).routeId("audit-checkpoint")
                .process(e -> checkpoints.checkpointIfDue()
                        .ifPresent(c -> log.debug("audit checkpoint signed at record {}", c.seq())));
    }
}
