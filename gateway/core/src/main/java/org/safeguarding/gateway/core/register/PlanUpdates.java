package org.safeguarding.gateway.core.register;

import java.util.Optional;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;
import org.springframework.transaction.support.TransactionTemplate;

/** plan-update: validation -> policy (the plan's own local authority only) -> register. */
public class PlanUpdates {

    public enum Outcome { CREATED, UPDATED }

    private final AccessControl access;
    private final PlanRegister register;
    private final PlanValidator validator;
    private final TransactionTemplate transaction;

    public PlanUpdates(AccessControl access, PlanRegister register, PlanValidator validator, TransactionTemplate transaction) {
        this.access = access;
        this.register = register;
        this.validator = validator;
        this.transaction = transaction;
    }

    /**
     * The decision (and its audit record) comes before the write transaction opens: an audit
     * append takes a connection of its own, and must never wait while this request holds one.
     */
    public Outcome put(Caller caller, String planId, PlanSubmission submission, String traceId) {
        return write(caller, planId, submission, traceId, false);
    }

    /**
     * A new plan only: as {@link #put}, but a plan id the authority already uses is refused rather than overwritten,
     * so that a plan added by hand never replaces another child's.
     */
    public Outcome add(Caller caller, String planId, PlanSubmission submission, String traceId) {
        return write(caller, planId, submission, traceId, true);
    }

    private Outcome write(Caller caller, String planId, PlanSubmission submission, String traceId, boolean mustBeNew) {
        Plan plan = validator.validate(planId, submission);
        Optional<Plan> existing = register.find(planId);
        // a plan held by another authority can be moved only by a transfer, never by overwriting it
        existing.filter(old -> !old.localAuthority().equals(plan.localAuthority()))
                .ifPresent(old -> access.require(caller, Action.PLAN_WRITE,
                        Resource.plan(planId, old.localAuthority(), old.nhsNumber().value()), traceId));
        access.require(caller, Action.PLAN_WRITE, Resource.plan(planId, plan.localAuthority(), plan.nhsNumber().value()), traceId);
        return transaction.execute(status -> {
            String holder = register.find(planId).map(Plan::localAuthority).orElse(plan.localAuthority());
            if (!holder.equals(existing.map(Plan::localAuthority).orElse(plan.localAuthority()))) {
                throw new IllegalStateException("plan " + planId + " changed authority while being written; send it again");
            }
            if (mustBeNew && register.find(planId).isPresent()) {
                throw InvalidInput.of("planId", "is already one of your plans: open it to change it, or choose another id");
            }
            return register.save(plan) ? Outcome.CREATED : Outcome.UPDATED;
        });
    }

    /**
     * A plan that does not exist is nobody's, so it is refused as another authority's plan is (and audited): no caller
     * can tell the two apart.
     *
     * @return false when the plan went in the meantime (deleted by another request after the decision)
     */
    public boolean delete(Caller caller, String planId, String traceId) {
        Plan plan = register.find(planId).orElse(null);
        access.require(caller, Action.PLAN_DELETE, plan == null ? Resource.plan(planId, null, null)
                : Resource.plan(planId, plan.localAuthority(), plan.nhsNumber().value()), traceId);
        return Boolean.TRUE.equals(transaction.execute(status -> register.delete(planId)));
    }
}
