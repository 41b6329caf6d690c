package org.safeguarding.gateway.core.register;

import java.util.List;

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
        List<String> coreGroup) {}
