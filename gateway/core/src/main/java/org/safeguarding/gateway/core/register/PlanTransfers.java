package org.safeguarding.gateway.core.register;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.core.inbox.InboxMessage;
import org.safeguarding.gateway.core.model.Contact;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.validation.Fields;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A plan moves to another authority (seed finding 31): the receiving authority transfers it in.
 * The old plan ends the day before, and stays on the register as history; the new plan continues
 * it under the receiving authority; both authorities are told; lookups now name the new one.
 */
public class PlanTransfers {

    public record Transferred(Plan from, Plan to) {}

    private final AccessControl access;
    private final PlanRegister register;
    private final Inbox inbox;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public PlanTransfers(AccessControl access, PlanRegister register, Inbox inbox, JdbcClient jdbc, TransactionTemplate transaction,
            Clock clock) {
        this.access = access;
        this.register = register;
        this.inbox = inbox;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    public Transferred transferIn(Caller caller, String planId, String newPlanId, String startDateText, Contact contact, String traceId) {
        // no plan has any other id: bad input, a 400 naming the field, said before the decision since it tells nothing of any plan
        if (planId == null || !planId.matches(PlanValidator.PLAN_ID_PATTERN)) {
            throw InvalidInput.of("planId", "is not a plan id");
        }
        // decided before anything is told: only social care may transfer a plan in, and only to them does the register
        // say whether the plan exists (a receiving authority knows its id from the transfer conference)
        Plan old = register.find(planId).orElse(null);
        access.require(caller, Action.PLAN_TRANSFER_IN, old == null ? Resource.plan(planId, null, null)
                : Resource.plan(planId, old.localAuthority(), old.nhsNumber().value()), traceId);
        if (old == null) {
            throw InvalidInput.of("planId", "no plan " + planId + " on the register");
        }
        Fields f = new Fields();
        f.check(newPlanId != null && newPlanId.matches(PlanValidator.PLAN_ID_PATTERN), "newPlanId", "is required: the receiving authority's plan id");
        LocalDate today = LocalDate.now(clock);
        LocalDate start = startDateText == null ? today : f.requiredDate("startDate", startDateText);
        if (start != null) {
            f.check(!start.isAfter(today.plusDays(30)), "startDate", "is more than 30 days ahead");
            f.check(!start.isBefore(old.startDate().plusDays(1)), "startDate", "is not after the old plan's start");
        }
        f.check(old.endDate() == null, "planId", "plan " + planId + " has already ended");
        f.throwIfInvalid();
        if (register.find(newPlanId).isPresent()) {
            throw InvalidInput.of("newPlanId", "plan " + newPlanId + " already exists");
        }
        Plan ended = new Plan(old.planId(), old.nhsNumber(), old.type(), old.startDate(), start.minusDays(1), old.localAuthority(),
                old.child(), old.contact(), old.coreGroup());
        Plan continued = new Plan(newPlanId, old.nhsNumber(), old.type(), start, null, caller.orgId(), old.child(), contact, List.of());
        transaction.executeWithoutResult(status -> {
            register.save(ended);
            register.save(continued);
            jdbc.sql("INSERT INTO plan_transfer (plan_id, from_plan_id, from_authority, to_authority, transferred_on, transferred_by)"
                            + " VALUES (?, ?, ?, ?, ?, ?)")
                    .params(newPlanId, planId, old.localAuthority(), caller.orgId(), start, caller.username()).update();
            String child = old.child().givenName() + " " + old.child().familyName() + " (NHS " + old.nhsNumber() + ")";
            tell(old.localAuthority(), "plan-transfer-out", old, "Plan " + planId + " for " + child + " was transferred to "
                    + caller.orgId() + " as " + newPlanId + " from " + start + "; your plan ended " + start.minusDays(1) + ".");
            tell(caller.orgId(), "plan-transfer-in", continued, "Plan " + newPlanId + " for " + child + " continues plan " + planId
                    + " of " + old.localAuthority() + " from " + start + ".");
        });
        return new Transferred(ended, continued);
    }

    private void tell(String authority, String type, Plan plan, String summary) {
        String id = type + "-" + plan.planId();
        inbox.deliver(new InboxMessage(id, authority, "plan-transfer", clock.instant(), plan.nhsNumber().value(),
                plan.planId(), summary, null, null));
    }
}
