package org.safeguarding.gateway.core.register;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
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
 * Brothers and sisters on plans (seed finding 17: sibling information must follow the child). An
 * authority links its own plans into a group; news about one child then names the others.
 */
public class SiblingGroups {

    private static final int MAX_GROUP = 20;

    private final AccessControl access;
    private final PlanRegister register;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    public SiblingGroups(AccessControl access, PlanRegister register, JdbcClient jdbc, TransactionTemplate transaction) {
        this.access = access;
        this.register = register;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Replaces the group's members; every plan must be the caller's authority's. */
    public void link(Caller caller, String groupId, List<String> planIds, String traceId) {
        Fields f = new Fields();
        f.check(groupId != null && groupId.matches(PlanValidator.PLAN_ID_PATTERN), "groupId", "is not a valid id");
        List<String> ids = planIds == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(planIds));
        f.check(ids.size() >= 2 && ids.size() <= MAX_GROUP, "planIds", "a group links 2 to " + MAX_GROUP + " plans");
        f.throwIfInvalid();
        requireEach(caller, ids, traceId);
        replace(groupId, ids);
    }

    /**
     * Links one more plan of the authority to a plan as its brother's or sister's: into the group the plan is in (or
     * else the sibling's), or a new group named after the plan.
     */
    public void linkSibling(Caller caller, String planId, String siblingPlanId, String traceId) {
        Fields f = new Fields();
        f.check(siblingPlanId != null && siblingPlanId.matches(PlanValidator.PLAN_ID_PATTERN), "siblingPlanId", "is not a plan id");
        f.check(siblingPlanId == null || !siblingPlanId.equals(planId), "siblingPlanId", "is this plan itself");
        f.throwIfInvalid();
        requireEach(caller, List.of(planId, siblingPlanId), traceId);
        String groupId = groupOf(planId).or(() -> groupOf(siblingPlanId)).orElse(planId);
        LinkedHashSet<String> members = new LinkedHashSet<>(jdbc.sql("SELECT plan_id FROM plan_sibling WHERE group_id = ? ORDER BY plan_id")
                .param(groupId).query(String.class).list());
        members.add(planId);
        members.add(siblingPlanId);
        if (members.size() > MAX_GROUP) {
            throw InvalidInput.of("siblingPlanId", "a group links at most " + MAX_GROUP + " plans");
        }
        replace(groupId, List.copyOf(members));
    }

    /** Each plan decided before anything is told: one that does not exist is refused as another authority's is. */
    private void requireEach(Caller caller, List<String> planIds, String traceId) {
        for (String id : planIds) {
            Plan plan = register.find(id).orElse(null);
            access.require(caller, Action.PLAN_WRITE, plan == null ? Resource.plan(id, null, null)
                    : Resource.plan(id, plan.localAuthority(), plan.nhsNumber().value()), traceId);
        }
    }

    private Optional<String> groupOf(String planId) {
        return jdbc.sql("SELECT group_id FROM plan_sibling WHERE plan_id = ? ORDER BY group_id").param(planId).query(String.class).list()
                .stream().findFirst();
    }

    private void replace(String groupId, List<String> ids) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM plan_sibling WHERE group_id = ?").param(groupId).update();
            for (String id : ids) {
                jdbc.sql("INSERT INTO plan_sibling (group_id, plan_id) VALUES (?, ?)").params(groupId, id).update();
            }
        });
    }

    /** The other children with active plans in any group this plan belongs to, described for the authority. */
    public List<String> siblingsOf(String planId) {
        return jdbc.sql("SELECT DISTINCT p.plan_id, p.given_name, p.family_name, p.nhs_number FROM plan_sibling mine"
                        + " JOIN plan_sibling other ON other.group_id = mine.group_id AND other.plan_id <> mine.plan_id"
                        + " JOIN cp_plan p ON p.plan_id = other.plan_id WHERE mine.plan_id = ? AND p.end_date IS NULL ORDER BY p.plan_id")
                .param(planId)
                .query((rs, row) -> rs.getString("given_name") + " " + rs.getString("family_name") + " (NHS " + rs.getString("nhs_number")
                        + ", plan " + rs.getString("plan_id") + ")")
                .list();
    }
}
