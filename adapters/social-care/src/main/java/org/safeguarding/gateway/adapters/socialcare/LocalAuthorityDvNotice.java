package org.safeguarding.gateway.adapters.socialcare;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.safeguarding.gateway.core.dv.DvNotification;
import org.safeguarding.gateway.core.dv.MatchedChild;
import org.safeguarding.gateway.core.dv.NoticeFormat;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the local authority's front door (MASH) receives: the whole notification, each child with
 * how surely it was matched and whether it is on a plan, and an urgent flag for high risk.
 */
public class LocalAuthorityDvNotice implements NoticeFormat {

    private final JsonMapper json;

    public LocalAuthorityDvNotice(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Audience audience() {
        return Audience.LOCAL_AUTHORITY;
    }

    @Override
    public byte[] render(DvNotification n, List<MatchedChild> children) {
        return json.writeValueAsBytes(new Notice("dv-notification", n.id(), n.riskLevel() == DvNotification.RiskLevel.HIGH, n.forceId(),
                n.forceReference(), n.incidentAt(), n.riskLevel().name().toLowerCase(), n.locationPostcode(), n.summary(),
                children.stream().map(ChildView::of).toList(), n.adults(), n.officer(), n.receivedAt()));
    }

    @Override
    public String summary(DvNotification n, List<MatchedChild> children) {
        long onPlan = children.stream().filter(MatchedChild::onPlan).count();
        return (n.riskLevel() == DvNotification.RiskLevel.HIGH ? "URGENT (high risk): " : "")
                + "Domestic-violence notification " + n.forceReference() + " from " + n.forceId() + ": incident " + n.incidentAt()
                + ", " + children.size() + (children.size() == 1 ? " child" : " children") + " present, " + onPlan + " on a plan.";
    }

    record Notice(String type, String id, boolean urgent, String force, String forceReference, Instant incidentDateTime,
            String riskLevel, String postcode, String policeSummary, List<ChildView> children, List<DvNotification.Adult> adults,
            DvNotification.Officer officer, Instant receivedAt) {}

    record ChildView(String givenName, String familyName, LocalDate birthDate, String nhsNumber, String matchedBy, String confidence,
            String planId, String schoolId, boolean underFive, List<String> siblingsWithPlans) {
        static ChildView of(MatchedChild m) {
            return new ChildView(m.child().givenName(), m.child().familyName(), m.child().birthDate(), m.nhsNumber(),
                    m.method().name().toLowerCase(), m.confidence().name().toLowerCase(), m.planId(), m.child().schoolId(), m.underFive(),
                    m.siblings());
        }
    }
}
