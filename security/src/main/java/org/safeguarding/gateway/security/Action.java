package org.safeguarding.gateway.security;

/**
 * Every action the audit trail records, by one name each: what a caller can ask the gateway to do (the policy decides
 * each one), then what the gateway does on its own behalf (recorded, never granted to a caller).
 */
public enum Action {
    /** A request that failed authentication (no, expired, tampered or foreign token). */
    AUTHENTICATE("authenticate"),
    CP_LOOKUP("cp-lookup"),
    CP_LOOKUP_SILENT("cp-lookup-silent"),
    ACCESS_HISTORY_READ("access-history-read"),
    /** Who looked at a child (every caller's record about it, refusals too): the auditor, or an authority that holds or held a plan. */
    ACCESS_REPORT_READ("access-report-read"),
    PLAN_WRITE("plan-write"),
    PLAN_DELETE("plan-delete"),
    PLAN_TRANSFER_IN("plan-transfer-in"),
    INDICATORS_READ("indicators-read"),
    INBOX_READ("inbox-read"),
    INBOX_ACKNOWLEDGE("inbox-acknowledge"),
    DOCUMENT_SEND("document-send"),
    DOCUMENT_STATUS_READ("document-status-read"),
    DELIVERY_ADMIN("delivery-admin"),
    DV_SUBMIT("dv-submit"),
    DV_READ("dv-read"),
    DV_OUTCOME("dv-outcome"),
    /** A partner's referral of a child to the local authority's front door. */
    REFERRAL_SUBMIT("referral-submit"),
    /** A referral read: by the referring organisation, or by social care of the authority it went to (and its queue). */
    REFERRAL_READ("referral-read"),
    /** The receiving authority's decision on a referral, with the written feedback its referrer gets. */
    REFERRAL_DECIDE("referral-decide"),
    AUDIT_READ("audit-read"),
    AUDIT_VERIFY("audit-verify"),
    AUDIT_EXPORT("audit-export"),
    /** A batch upload's outcome, recorded as the caller's. */
    PLAN_BATCH("plan-batch"),

    // the gateway's own
    /** A copy in a recipient's inbox, or not sent (and why). */
    DELIVER("deliver"),
    /** A copy pushed to the recipient's own system, or failed for good. */
    PUSH("push"),
    /** A copy sent to the recipient's MESH mailbox, what MESH or the recipient's system answered about it, or its failure. */
    MESH("mesh"),
    ESCALATE("escalate"),
    DV_ROUTE("dv-route"),
    /** A referral routed to its local authority, or escalated there as overdue. */
    REFERRAL_ROUTE("referral-route"),
    PLAN_PURGE("plan-purge"),
    /** A message taken out of an inbox once its retention has passed, or (outcome {@code kept}) the count of those kept unacknowledged. */
    INBOX_PURGE("inbox-purge"),
    AUDIT_PURGE("audit-purge"),
    AUDIT_CONFIGURATION("audit-configuration"),
    DEMO_PLAN_LOAD("demo-plan-load"),
    /** A console session ended because the identity provider signed the person out (OIDC back-channel logout). */
    SESSION_END("session-end");

    private final String code;

    Action(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
