package org.safeguarding.gateway.security;

import java.util.Set;

/**
 * What an action touches, as far as the policy needs to know: its kind, its id, the organisation
 * that owns it (a plan's local authority, an inbox's agency, a notification's police force), the
 * organisations it was sent to, and the child it is about.
 */
public record Resource(String kind, String id, String ownerOrg, String nhsNumber, Set<String> recipients) {

    public Resource {
        recipients = recipients == null ? Set.of() : Set.copyOf(recipients);
    }

    public Resource(String kind, String id, String ownerOrg, String nhsNumber) {
        this(kind, id, ownerOrg, nhsNumber, Set.of());
    }

    /** A police notification: owned by the submitting force, sent to the receiving authorities. */
    public static Resource dvNotification(String id, String force, Set<String> localAuthorities) {
        return new Resource("dv-notification", id, force, null, localAuthorities);
    }

    /** A referral: owned by the referring organisation, sent to the receiving authority (null ids: nothing by that id). */
    public static Resource referral(String id, String referrer, String localAuthority, String nhsNumber) {
        return new Resource("referral", id, referrer, nhsNumber, localAuthority == null ? Set.of() : Set.of(localAuthority));
    }

    public static Resource child(String nhsNumber) {
        return new Resource("child", nhsNumber, null, nhsNumber);
    }

    /** A child as the local authorities holding (or having held) a plan for it see it: those authorities are its recipients. */
    public static Resource childHeldBy(String nhsNumber, Set<String> localAuthorities) {
        return new Resource("child", nhsNumber, null, nhsNumber, localAuthorities);
    }

    public static Resource plan(String planId, String localAuthority, String nhsNumber) {
        return new Resource("plan", planId, localAuthority, nhsNumber);
    }

    public static Resource document(String documentId, String localAuthority, String nhsNumber) {
        return new Resource("document", documentId, localAuthority, nhsNumber);
    }

    public static Resource deliveries() {
        return new Resource("deliveries", "all", null, null);
    }

    public static Resource delivery(String deliveryId) {
        return new Resource("delivery", deliveryId, null, null);
    }

    public static Resource inbox(String orgId) {
        return new Resource("inbox", orgId, orgId, null);
    }

    public static Resource inboxMessage(String messageId, String recipientOrg, String nhsNumber) {
        return new Resource("inbox-message", messageId, recipientOrg, nhsNumber);
    }

    public static Resource auditTrail() {
        return new Resource("audit-trail", "audit", null, null);
    }

    public static Resource endpoint(String path) {
        return new Resource("endpoint", path, null, null);
    }

    public String describe() {
        return kind + "/" + id;
    }
}
