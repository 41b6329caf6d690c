package org.safeguarding.gateway.core.model;

import java.time.LocalDate;
import java.util.List;

/**
 * A plan on the CP register: the canonical form every adapter maps to and from.
 *
 * @param contact   optional; when absent, lookups give the local authority's own numbers
 * @param coreGroup the agencies (org ids) working with the family, who receive plan documents
 */
public record Plan(
        String planId,
        NhsNumber nhsNumber,
        PlanType type,
        LocalDate startDate,
        LocalDate endDate,
        String localAuthority,
        Child child,
        Contact contact,
        List<String> coreGroup) {

    public Plan {
        coreGroup = coreGroup == null ? List.of() : List.copyOf(coreGroup);
    }

    public boolean activeOn(LocalDate day) {
        return !startDate.isAfter(day) && (endDate == null || !endDate.isBefore(day));
    }
}
