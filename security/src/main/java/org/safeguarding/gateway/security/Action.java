package org.safeguarding.gateway.security;

/** Everything a caller can ask the gateway to do; the policy decides each one. */
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
    AUDIT_READ("audit-read"),
    AUDIT_VERIFY("audit-verify"),
    AUDIT_EXPORT("audit-export");

    private final String code;

    Action(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
