package org.safeguarding.gateway.core.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.core.scheduling.Timers;
import org.safeguarding.gateway.security.audit.AuditCheckpoints;

/**
 * The audit trail's scheduled work, off the request path:
 * <ul>
 *   <li>{@code audit-checkpoint} looks every {@code checkpointPollMillis} whether the tail is due a
 *       signed checkpoint (enough records or enough time since the last) and signs it, so signing
 *       and the TSA's round trip never delay a request;</li>
 *   <li>{@code audit-retention} removes records older than {@code retention} (longer than the
 *       register keeps plans) from the oldest end, up to a signed checkpoint that the kept trail goes
 *       on from; see {@link AuditCheckpoints#purgeRecordsBefore}.</li>
 * </ul>
 */
public class AuditRoutes extends RouteBuilder {

    public static final String RETENTION_ROUTE_ID = "audit-retention";
    private static final String CUTOFF = "gatewayAuditCutoff";

    private final AuditCheckpoints checkpoints;
    private final long checkpointPollMillis;
    private final Clock clock;
    private final Period retention;
    private final long retentionPollMillis;

    public AuditRoutes(AuditCheckpoints checkpoints, long checkpointPollMillis, Clock clock, Period retention, long retentionPollMillis) {
        this.checkpoints = checkpoints;
        this.checkpointPollMillis = checkpointPollMillis;
        this.clock = clock;
        this.retention = retention;
        this.retentionPollMillis = retentionPollMillis;
    }

    @Override
    public void configure() {
        from(Timers.every("audit-checkpoint", checkpointPollMillis)).routeId("audit-checkpoint").routePolicyRef(Timers.ON_ONE_NODE)
                .bean(checkpoints, "checkpointIfDue");                          // the tail signed once enough records or time have passed
        from(Timers.every(RETENTION_ROUTE_ID, retentionPollMillis)).routeId(RETENTION_ROUTE_ID).routePolicyRef(Timers.ON_ONE_NODE)
                .setHeader(CUTOFF, method(this, "cutoff"))                      // now less the retention
                .bean(checkpoints, "purgeRecordsBefore(${header." + CUTOFF + "})"); // the oldest records, up to a signed checkpoint
    }

    /** The instant before which records have outlived the retention. */
    public Instant cutoff() {
        return clock.instant().atZone(ZoneOffset.UTC).minus(retention).toInstant();
    }
}
