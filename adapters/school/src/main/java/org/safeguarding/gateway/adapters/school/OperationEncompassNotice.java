package org.safeguarding.gateway.adapters.school;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;
import org.safeguarding.gateway.core.dv.DvNotification;
import org.safeguarding.gateway.core.dv.MatchedChild;
import org.safeguarding.gateway.core.dv.NoticeFormat;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Operation Encompass minimum for a school's designated safeguarding lead: which pupil, when,
 * that police attended, and whom to call. Never the police narrative, the risk assessment or
 * anything about the adults.
 */
public class OperationEncompassNotice implements NoticeFormat {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm").withZone(ZoneId.of("Europe/London"));

    private final JsonMapper json;

    public OperationEncompassNotice(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Audience audience() {
        return Audience.SCHOOL;
    }

    @Override
    public byte[] render(DvNotification n, List<MatchedChild> children) {
        return json.writeValueAsBytes(new Notice("operation-encompass", n.forceReference(), n.incidentAt(), true,
                children.stream().map(c -> new Pupil(c.child().givenName(), c.child().familyName(), c.child().birthDate())).toList(),
                new Contact(n.forceId(), n.officer().name(), n.officer().phone())));
    }

    @Override
    public String summary(DvNotification n, List<MatchedChild> children) {
        return "Operation Encompass: police attended an incident on " + WHEN.format(n.incidentAt()) + " involving "
                + children.stream().map(c -> c.child().givenName() + " " + c.child().familyName()).collect(Collectors.joining(", "))
                + ". Please read before the start of the school day.";
    }

    record Notice(String type, String policeReference, Instant incidentDateTime, boolean policeAttended, List<Pupil> pupils,
            Contact contact) {}

    record Pupil(String givenName, String familyName, LocalDate birthDate) {}

    record Contact(String force, String officer, String phone) {}
}
