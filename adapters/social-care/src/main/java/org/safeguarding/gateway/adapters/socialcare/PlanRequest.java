package org.safeguarding.gateway.adapters.socialcare;

import java.util.List;
import org.safeguarding.gateway.core.register.PlanSubmission;

/** The JSON body of {@code PUT /api/v1/plans/{planId}} (CONTRACT.md), every scalar read as text so the register names each bad field. */
public record PlanRequest(
        String nhsNumber,
        String type,
        String startDate,
        String endDate,
        String localAuthority,
        ChildJson child,
        ContactJson contact,
        List<String> coreGroup) {

    public record ChildJson(String givenName, String familyName, String birthDate) {}

    public record ContactJson(String name, String phone, String outOfHoursPhone) {}

    public PlanSubmission toSubmission() {
        ChildJson c = child == null ? new ChildJson(null, null, null) : child;
        ContactJson k = contact == null ? new ContactJson(null, null, null) : contact;
        return new PlanSubmission(nhsNumber, type, startDate, endDate, localAuthority, c.givenName(), c.familyName(),
                c.birthDate(), k.name(), k.phone(), k.outOfHoursPhone(), coreGroup);
    }
}
