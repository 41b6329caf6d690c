package org.safeguarding.gateway.core.register;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.safeguarding.gateway.core.model.Child;
import org.safeguarding.gateway.core.model.Contact;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.model.PlanType;
import org.safeguarding.gateway.core.validation.Fields;

/** The register's rules for a plan, shared by every way plans arrive. */
public class PlanValidator {

    public static final String PLAN_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final Pattern PLAN_ID = Pattern.compile(PLAN_ID_PATTERN);
    private static final Pattern ORG_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    private static final Pattern PHONE = Pattern.compile("[0-9 +()-]{3,30}");
    private static final int MAX_CORE_GROUP = 50;

    private final Clock clock;

    public PlanValidator(Clock clock) {
        this.clock = clock;
    }

    public Plan validate(String planId, PlanSubmission s) {
        Fields f = new Fields();
        f.check(planId != null && PLAN_ID.matcher(planId).matches(), "planId",
                "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        NhsNumber nhs = f.nhsNumber("nhsNumber", s.nhsNumber());
        PlanType type = f.oneOf("type", s.type(), PlanType.class, t -> PlanType.valueOf(t.toUpperCase(Locale.ROOT)));
        LocalDate start = f.requiredDate("startDate", s.startDate());
        LocalDate end = f.optionalDate("endDate", s.endDate());
        String la = f.required("localAuthority", s.localAuthority(), 100);
        if (la != null) {
            f.check(ORG_ID.matcher(la).matches(), "localAuthority", "is not an organisation id");
        }
        String given = f.required("child.givenName", s.givenName(), 100);
        String family = f.required("child.familyName", s.familyName(), 100);
        LocalDate birth = f.requiredDate("child.birthDate", s.birthDate());
        LocalDate today = LocalDate.now(clock);
        if (start != null) {
            f.check(!start.isAfter(today.plusYears(1)), "startDate", "is more than a year in the future");
        }
        if (start != null && end != null) {
            f.check(!end.isBefore(start), "endDate", "is before startDate");
        }
        if (birth != null) {
            // an unborn child's plan carries the expected delivery date, which lies ahead
            boolean unborn = type == null || type == PlanType.UCPP;
            f.check(!birth.isAfter(unborn ? today.plusMonths(10) : today), "child.birthDate",
                    unborn ? "lies more than ten months ahead" : "is in the future");
            f.check(!birth.isBefore(today.minusYears(25)), "child.birthDate", "is more than 25 years ago");
        }
        Contact contact = null;
        if (s.contactName() != null || s.contactPhone() != null || s.contactOutOfHoursPhone() != null) {
            String name = f.optional("contact.name", s.contactName(), 200);
            String phone = f.required("contact.phone", s.contactPhone(), 30);
            String ooh = f.optional("contact.outOfHoursPhone", s.contactOutOfHoursPhone(), 30);
            if (phone != null) {
                f.check(PHONE.matcher(phone).matches(), "contact.phone", "is not a telephone number");
            }
            if (ooh != null) {
                f.check(PHONE.matcher(ooh).matches(), "contact.outOfHoursPhone", "is not a telephone number");
            }
            contact = new Contact(name, phone, ooh);
        }
        List<String> coreGroup = s.coreGroup() == null ? List.of() : s.coreGroup();
        f.check(coreGroup.size() <= MAX_CORE_GROUP, "coreGroup", "has more than " + MAX_CORE_GROUP + " members");
        for (int i = 0; i < coreGroup.size(); i++) {
            String member = coreGroup.get(i);
            f.check(member != null && ORG_ID.matcher(member).matches(), "coreGroup[" + i + "]", "is not an organisation id");
        }
        f.throwIfInvalid();
        return new Plan(planId, nhs, type, start, end, la, new Child(given, family, birth), contact, coreGroup);
    }
}
