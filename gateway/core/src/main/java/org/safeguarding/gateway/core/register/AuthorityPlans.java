package org.safeguarding.gateway.core.register;

import java.util.List;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.validation.Fields;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;

/**
 * A local authority's own plans, as its social workers find and open them to change them (the console's register
 * pages). Reading them is offering {@link Action#PLAN_WRITE}: decided, and a refusal recorded, before anything is read;
 * only the caller's own authority's plans are ever read, so another authority's plan is refused exactly as a missing one.
 */
public class AuthorityPlans {

    /** More than a search by child or by id ever finds: a bound, not a page size. */
    public static final int MAX_FOUND = 200;

    private final AccessControl access;
    private final PlanRegister register;

    public AuthorityPlans(AccessControl access, PlanRegister register) {
        this.access = access;
        this.register = register;
    }

    /** Whether the caller may work on its authority's plans at all: refused (and recorded) for every other role. */
    public void requireOwnRegister(Caller caller, String traceId) {
        access.requireToOffer(caller, Action.PLAN_WRITE, Resource.plan("register", caller.orgId(), null), traceId);
    }

    /** The authority's plans for a child and/or with an id; at least one of the two must be given. */
    public List<Plan> search(Caller caller, String nhsNumberText, String planIdText, String traceId) {
        requireOwnRegister(caller, traceId);
        boolean byNumber = nhsNumberText != null && !nhsNumberText.isBlank();
        boolean byId = planIdText != null && !planIdText.isBlank();
        Fields f = new Fields();
        NhsNumber nhs = byNumber ? f.nhsNumber("nhsNumber", nhsNumberText.replace(" ", "")) : null;
        String planId = byId ? planIdText.strip() : null;
        f.check(byNumber || byId, "nhsNumber", "enter an NHS number or a plan id");
        f.check(planId == null || planId.matches(PlanValidator.PLAN_ID_PATTERN), "planId", "is not a plan id");
        f.throwIfInvalid();
        return register.heldBy(caller.orgId(), nhs, planId, MAX_FOUND);
    }

    /** One of the authority's plans: refused, recorded, as a plan that does not exist when another authority holds it. */
    public Plan open(Caller caller, String planId, String traceId) {
        requireOwnRegister(caller, traceId);
        if (planId == null || !planId.matches(PlanValidator.PLAN_ID_PATTERN)) {
            throw InvalidInput.of("planId", "is not a plan id");
        }
        List<Plan> own = register.heldBy(caller.orgId(), null, planId, 1);
        if (own.isEmpty()) {
            // the refusal names no holder: the policy refuses a plan of no one's, and records it so
            access.requireToOffer(caller, Action.PLAN_WRITE, Resource.plan(planId, null, null), traceId);
        }
        return own.get(0);
    }
}
