package org.safeguarding.gateway.server;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Period;
import org.safeguarding.gateway.core.calendar.Periods;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the register keeps ended plans, the inboxes their messages and the trail its records (prefix
 * {@code gateway.retention}); see application.yml for why the defaults.
 *
 * @param plans      how long after its end date a plan is purged from the register; never shorter than
 *                   {@code gateway.visibility-days} (the gateway refuses to start otherwise)
 * @param pollMillis how often the {@code retention-purge}, {@code inbox-retention} and {@code audit-retention} routes run
 * @param audit      how long audit records are kept; never shorter than {@code plans} or {@code inbox}, so a plan's or a
 *                   message's history outlives it
 * @param inbox      how long after its acknowledgement a message is purged from its inbox (a receipt, which awaits none,
 *                   after its delivery); never shorter than the weeks the indicators count (the gateway refuses to start)
 */
@Validated
@ConfigurationProperties("gateway.retention")
public record RetentionProperties(@NotNull @DefaultValue("P8Y") Period plans, @Min(1000) @DefaultValue("3600000") long pollMillis,
        @NotNull @DefaultValue("P10Y") Period audit, @NotNull @DefaultValue("P2Y") Period inbox) {

    public RetentionProperties {
        requireOutlives(audit, "audit", plans, "plans", "a purged plan's history must outlive it");
        requireOutlives(audit, "audit", inbox, "inbox", "the record of a purged message's acknowledgement must outlive the message");
    }

    private static void requireOutlives(Period longer, String longerName, Period shorter, String shorterName, String why) {
        if (longer != null && shorter != null && Periods.shortestDays(longer) < Periods.longestDays(shorter)) {
            throw new IllegalArgumentException("gateway.retention." + longerName + " (" + longer + ") is shorter than gateway.retention."
                    + shorterName + " (" + shorter + "): " + why);
        }
    }
}
