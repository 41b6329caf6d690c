package org.safeguarding.gateway.core.register;

import org.safeguarding.gateway.security.Action;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.core.calendar.Periods;
import org.safeguarding.gateway.core.scheduling.Timers;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * retention-purge: an ended plan leaves the register once its retention period has passed since
 * its end date ({@code end_date < today - retention}). Active plans and plans without an end date
 * are never touched, nor is the audit trail: the plan's history stays there, and each purge adds
 * one record to it. Runs on a timer; each run purges at most {@link #BATCH} plans (a backlog
 * drains over the following runs).
 *
 * <p>With the plan go the rows that only make sense with it: its sibling links, and a transfer
 * record once neither of its two plans is left. A transfer is kept while either plan is retained,
 * so the plan that continues another still says where it came from after the older one is purged.
 */
public class RegisterRetention extends RouteBuilder {

    public static final String ROUTE_ID = "retention-purge";
    public static final int BATCH = 1000;

    /** One plan taken off the register. */
    public record Purged(String planId, String nhsNumber, LocalDate endDate) {}

    private final JdbcClient jdbc;
    private final PlanRegister register;
    private final AuditTrail audit;
    private final Clock clock;
    private final Period retention;
    private final long pollMillis;

    /**
     * @throws IllegalArgumentException when the retention is shorter than the visibility window: a plan that
     *                                  lookups must still show would be purged (the gateway refuses to start)
     */
    public RegisterRetention(JdbcClient jdbc, PlanRegister register, AuditTrail audit, Clock clock, Period retention,
            int visibilityDays, long pollMillis) {
        requireCovers(retention, visibilityDays);
        this.jdbc = jdbc;
        this.register = register;
        this.audit = audit;
        this.clock = clock;
        this.retention = retention;
        this.pollMillis = pollMillis;
    }

    /** The retention must outlast the visibility window from every end date (months and years vary in length). */
    static void requireCovers(Period retention, int visibilityDays) {
        if (retention == null || Periods.shortestDays(retention) < visibilityDays) {
            throw new IllegalArgumentException("gateway.retention.plans (" + retention + ") is shorter than gateway.visibility-days ("
                    + visibilityDays + "): ended plans that lookups still show would be purged");
        }
    }

    private void delete(Purged p) {
        if (!register.deleteEnded(p.planId(), p.endDate())) {
            throw new PlanChanged();
        }
    }

    /** Rolls back the purge of one plan (and its record) when the plan is no longer the one selected. */
    private static final class PlanChanged extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PlanChanged() {
            super("the plan changed or was purged meanwhile", null, false, false);
        }
    }

    @Override
    public void configure() {
        from(Timers.every(ROUTE_ID, pollMillis)).routeId(ROUTE_ID).routePolicyRef(Timers.ON_ONE_NODE)
                .setBody(method(this, "expired"))       // ended plans past their retention, oldest first
                .split(body())
                    .bean(this, "purgeOne");            // deleted with its plan-purge record: one commit, or neither
    }

    /** Ended plans whose retention has run out, oldest first, a batch at a time. */
    public List<Purged> expired() {
        LocalDate cutoff = LocalDate.now(clock).minus(retention);
        return jdbc.sql("SELECT plan_id, nhs_number, end_date FROM cp_plan WHERE end_date IS NOT NULL AND end_date < ?"
                        + " ORDER BY end_date, plan_id LIMIT ?")
                .params(cutoff, BATCH)
                .query((rs, row) -> new Purged(rs.getString("plan_id"), rs.getString("nhs_number"), rs.getObject("end_date", LocalDate.class)))
                .list();
    }

    /** @return false when the plan changed or another node purged it first: then neither deleted nor recorded */
    public boolean purgeOne(Purged p) {
        try {
            audit.append(AuditEntry.system(Action.PLAN_PURGE, "plan/" + p.planId(), p.nhsNumber(), "purged",
                    "ended " + p.endDate() + ", retention " + retention), () -> delete(p));
            return true;
        } catch (PlanChanged meanwhile) {
            return false;
        }
    }

    /**
     * Deletes each expired plan and its dependent rows in the same transaction as its
     * {@code plan-purge} audit record (the audit trail's group commit carries the deletion), so a
     * crash can lose neither without the other. A plan whose end date changed meanwhile, or that
     * another node purged first, is left alone and not recorded.
     *
     * @return the plans purged by this call
     */
    public List<Purged> purge() {
        List<Purged> purged = new ArrayList<>();
        for (Purged p : expired()) {
            if (purgeOne(p)) {
                purged.add(p);
            }
        }
        return purged;
    }
}
