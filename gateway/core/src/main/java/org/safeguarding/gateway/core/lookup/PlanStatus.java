package org.safeguarding.gateway.core.lookup;

import org.safeguarding.gateway.core.model.Plan;

/**
 * What a lookup answers for one plan: the plan, whether it is still active, and whom to ring
 * (the plan's own contact when given, else the responsible local authority's numbers).
 */
public record PlanStatus(
        Plan plan,
        boolean active,
        String authorityName,
        String officePhone,
        String outOfHoursPhone) {}
