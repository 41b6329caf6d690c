package org.safeguarding.gateway.core.referral;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.safeguarding.gateway.core.dv.DvNotification;

/**
 * A partner's referral of one or more children to a local authority's children's social care, in the gateway's canonical
 * form. The children are described as a police notification describes them (the same fields, matched the same way).
 */
public record Referral(
        String id,
        String referrerOrg,
        Urgency urgency,
        List<DvNotification.Child> children,
        List<Concern> concerns,
        String consent,
        String actionsTaken,
        Referrer referrer,
        Instant receivedAt) {

    public enum Urgency {
        IMMEDIATE_RISK, URGENT, STANDARD;

        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Urgency of(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public record Concern(String category, String detail) {}

    /** The person who referred, whom the local authority rings back. */
    public record Referrer(String name, String role, String phone, String email) {}

    public Referral {
        children = List.copyOf(children);
        concerns = List.copyOf(concerns);
    }

    /** The referral as accepted: its gateway id, the referring organisation (from the caller's token) and when. */
    public Referral accepted(String newId, String org, Instant received) {
        return new Referral(newId, org, urgency, children, concerns, consent, actionsTaken, referrer, received);
    }
}
