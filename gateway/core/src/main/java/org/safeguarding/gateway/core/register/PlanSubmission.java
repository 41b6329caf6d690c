package org.safeguarding.gateway.core.register;

import java.util.List;
import org.safeguarding.gateway.core.model.Contact;
import org.safeguarding.gateway.core.model.Plan;

/**
 * A plan as a local authority's system sends it, every field still text: adapters fill this from
 * their wire format (JSON, CSV) and {@link PlanValidator} turns it into a Plan or names what is wrong.
 */
public record PlanSubmission(
        String nhsNumber,
        String type,
        String startDate,
        String endDate,
        String localAuthority,
        String givenName,
        String familyName,
        String birthDate,
        String contactName,
        String contactPhone,
        String contactOutOfHoursPhone,
        List<String> coreGroup) {

    /** A plan on the register as it would be sent again: the start of a change to one of its fields. */
    public static PlanSubmission of(Plan p) {
        Contact c = p.contact();
        return new PlanSubmission(p.nhsNumber().value(), p.type().name(), p.startDate().toString(),
                p.endDate() == null ? null : p.endDate().toString(), p.localAuthority(), p.child().givenName(), p.child().familyName(),
                p.child().birthDate().toString(), c == null ? null : c.name(), c == null ? null : c.phone(),
                c == null ? null : c.outOfHoursPhone(), p.coreGroup());
    }

    public PlanSubmission withEndDate(String date) {
        return new PlanSubmission(nhsNumber, type, startDate, date, localAuthority, givenName, familyName, birthDate, contactName,
                contactPhone, contactOutOfHoursPhone, coreGroup);
    }
}
