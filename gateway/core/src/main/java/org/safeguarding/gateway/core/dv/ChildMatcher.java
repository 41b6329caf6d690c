package org.safeguarding.gateway.core.dv;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.safeguarding.gateway.core.register.SiblingGroups;

/**
 * Finds each child on the register: by NHS number (high confidence); without one, by exact name
 * and birth date (medium confidence, and only when exactly one child fits: two candidates are
 * "ambiguous" and nobody is assumed). Then enriches: on a plan, responsible authority, under five.
 */
public class ChildMatcher {

    private final PlanRegister register;
    private final AgencyDirectory agencies;
    private final SiblingGroups siblings;

    public ChildMatcher(PlanRegister register, AgencyDirectory agencies, SiblingGroups siblings) {
        this.register = register;
        this.agencies = agencies;
        this.siblings = siblings;
    }

    public MatchedChild match(int index, DvNotification.Child child, DvNotification notification, LocalDate today) {
        return match(index, child, notification.locationPostcode(), notification.incidentAt().atZone(java.time.ZoneOffset.UTC).toLocalDate(),
                today);
    }

    /**
     * @param placePostcode where it happened (an incident's location), the authority's area when the child's own postcode
     *                      is not given; null: the child's only
     * @param eventDay      the day the child's age is taken on
     */
    public MatchedChild match(int index, DvNotification.Child child, String placePostcode, LocalDate incidentDay, LocalDate today) {
        boolean underFive = child.birthDate() != null && child.birthDate().plusYears(5).isAfter(incidentDay);
        if (child.nhsNumber() != null) {
            NhsNumber nhs = NhsNumber.parse(child.nhsNumber());
            Optional<Plan> plan = register.visibleFor(nhs, today, 0).stream().filter(p -> p.activeOn(today)).findFirst();
            return new MatchedChild(index, child, nhs.value(), MatchedChild.Method.NHS_NUMBER, MatchedChild.Confidence.HIGH,
                    plan.map(Plan::planId).orElse(null), authority(plan, child, placePostcode), underFive,
                    plan.map(p -> siblings.siblingsOf(p.planId())).orElse(List.of()));
        }
        List<Plan> candidates = child.birthDate() == null ? List.of()
                : register.activeByDemographics(child.givenName(), child.familyName(), child.birthDate(), today);
        long people = candidates.stream().map(Plan::nhsNumber).distinct().count();
        if (people == 1) {
            Plan plan = candidates.get(0);
            return new MatchedChild(index, child, plan.nhsNumber().value(), MatchedChild.Method.DEMOGRAPHICS,
                    MatchedChild.Confidence.MEDIUM, plan.planId(), plan.localAuthority(), underFive, siblings.siblingsOf(plan.planId()));
        }
        return new MatchedChild(index, child, null, MatchedChild.Method.NONE,
                people > 1 ? MatchedChild.Confidence.AMBIGUOUS : MatchedChild.Confidence.NONE, null,
                authority(Optional.empty(), child, placePostcode), underFive, List.of());
    }

    private String authority(Optional<Plan> plan, DvNotification.Child child, String placePostcode) {
        return plan.map(Plan::localAuthority)
                .or(() -> agencies.covering(Agency.LOCAL_AUTHORITY, child.postcode()).map(Agency::id))
                .or(() -> agencies.covering(Agency.LOCAL_AUTHORITY, placePostcode).map(Agency::id))
                .orElse(null);
    }
}
