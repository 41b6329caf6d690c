package org.safeguarding.gateway.server;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Period;
import org.safeguarding.gateway.core.calendar.Periods;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the register keeps ended plans (prefix {@code gateway.retention}); see application.yml for why the default.
 *
 * @param plans      how long after its end date a plan is purged from the register; never shorter than
 *                   {@code gateway.visibility-days} (the gateway refuses to start otherwise)
 * @param pollMillis how often the {@code retention-purge} and {@code audit-retention} routes run
 * @param audit      how long audit records are kept; never shorter than {@code plans}, so a plan's history outlives it
 */
@Validated
@ConfigurationProperties("gateway.retention")
public record RetentionProperties(@NotNull @DefaultValue("P8Y") Period plans, @Min(1000) @DefaultValue("3600000") long pollMillis,
        @NotNull @DefaultValue("P10Y") Period audit) {

    public RetentionProperties {
        if (plans != null && audit != null && Periods.shortestDays(audit) < Periods.longestDays(plans)) {
            throw new IllegalArgumentException("gateway.retention.audit (" + audit + ") is shorter than gateway.retention.plans (" + plans
                    + "): a purged plan's history must outlive it");
        }
    }
}
