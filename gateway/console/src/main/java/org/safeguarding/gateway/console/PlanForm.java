package org.safeguarding.gateway.console;

import java.util.List;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.register.PlanSubmission;

/**
 * A plan's form as typed: every field text, so that a page given back with its errors shows what the person wrote. The
 * fields are those of the contract's {@code PUT /api/v1/plans/{planId}}; the local authority is always the person's own.
 */
record PlanForm(String planId, String nhsNumber, String type, String startDate, String endDate, String givenName, String familyName,
        String birthDate, String contactName, String contactPhone, String contactOutOfHoursPhone, List<String> coreGroup) {

    PlanForm {
        coreGroup = coreGroup == null ? List.of() : List.copyOf(coreGroup);
    }

    static PlanForm empty() {
        return new PlanForm(null, null, null, null, null, null, null, null, null, null, null, List.of());
    }

    static PlanForm of(Plan p) {
        PlanSubmission s = PlanSubmission.of(p);
        return new PlanForm(p.planId(), LookupPages.spaced(s.nhsNumber()), s.type(), s.startDate(), s.endDate(), s.givenName(),
                s.familyName(), s.birthDate(), s.contactName(), s.contactPhone(), s.contactOutOfHoursPhone(), s.coreGroup());
    }

    /** What the register's validator reads: an empty box is no value, and an NHS number may be typed spaced as it is printed. */
    PlanSubmission toSubmission(String localAuthority) {
        return new PlanSubmission(nhsNumber == null ? null : nhsNumber.replace(" ", ""), type, text(startDate), text(endDate),
                localAuthority, givenName, familyName, text(birthDate), text(contactName), text(contactPhone), text(contactOutOfHoursPhone),
                coreGroup);
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
