package org.safeguarding.gateway.core.dv;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A police notification of a domestic-violence incident where children were present, in the
 * gateway's canonical form. It holds the police narrative and the adults: only the local
 * authority ever receives those.
 */
public record DvNotification(
        String id,
        String forceId,
        String forceReference,
        Instant incidentAt,
        RiskLevel riskLevel,
        String locationPostcode,
        String summary,
        List<Child> children,
        List<Adult> adults,
        Officer officer,
        Instant receivedAt) {

    public enum RiskLevel { STANDARD, MEDIUM, HIGH }

    public record Child(String nhsNumber, String givenName, String familyName, LocalDate birthDate, String schoolId, String postcode) {}

    public record Adult(String givenName, String familyName, LocalDate birthDate, String relationship) {}

    public record Officer(String name, String collarNumber, String phone) {}

    public DvNotification {
        children = List.copyOf(children);
        adults = adults == null ? List.of() : List.copyOf(adults);
    }

    /** The notification as accepted: its gateway id, the submitting force (from the caller's token) and when. */
    public DvNotification accepted(String newId, String force, Instant received) {
        return new DvNotification(newId, force, forceReference, incidentAt, riskLevel, locationPostcode, summary, children, adults,
                officer, received);
    }
}
