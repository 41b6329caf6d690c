package org.safeguarding.gateway.adapters.healthvisiting;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.safeguarding.gateway.core.dv.DvNotification;
import org.safeguarding.gateway.core.dv.MatchedChild;
import org.safeguarding.gateway.core.dv.NoticeFormat;
import tools.jackson.databind.json.JsonMapper;

/**
 * What health visiting receives about under-fives: the child, the NHS number when known, when,
 * the risk level (it sets the urgency of a visit) and whom to call; not the narrative or the adults.
 */
public class HealthVisitingNotice implements NoticeFormat {

    private final JsonMapper json;

    public HealthVisitingNotice(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Audience audience() {
        return Audience.HEALTH_VISITING;
    }

    @Override
    public byte[] render(DvNotification n, List<MatchedChild> children) {
        return json.writeValueAsBytes(new Notice("dv-under-five", n.forceReference(), n.incidentAt(), n.riskLevel().name().toLowerCase(),
                children.stream().map(c -> new Child(c.child().givenName(), c.child().familyName(), c.child().birthDate(), c.nhsNumber(),
                        c.onPlan())).toList(),
                new Contact(n.forceId(), n.officer().name(), n.officer().phone())));
    }

    @Override
    public String summary(DvNotification n, List<MatchedChild> children) {
        return "Domestic-violence incident on " + n.incidentAt() + " with under-fives present: "
                + children.stream().map(c -> c.child().givenName() + " " + c.child().familyName()).collect(Collectors.joining(", "))
                + " (risk " + n.riskLevel().name().toLowerCase() + ").";
    }

    record Notice(String type, String policeReference, Instant incidentDateTime, String riskLevel, List<Child> children, Contact contact) {}

    record Child(String givenName, String familyName, LocalDate birthDate, String nhsNumber, boolean onPlan) {}

    record Contact(String force, String officer, String phone) {}
}
