package org.safeguarding.gateway.security.audit;

import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Decision;
import org.safeguarding.gateway.security.Resource;

/** What happened, before the trail gives it a place (sequence, time, links). */
public record AuditEntry(
        String subject,
        String roles,
        String orgId,
        String action,
        String resource,
        String nhsNumber,
        String outcome,
        String traceId,
        String reason) {

    public static final String ALLOWED = "allowed";
    public static final String DENIED = "denied";

    public static AuditEntry decision(Caller caller, Action action, Resource resource, Decision decision, String traceId) {
        return new AuditEntry(caller.subject() + " (" + caller.username() + ")", caller.rolesAsText(), caller.orgId(),
                action.code(), resource.describe(), resource.nhsNumber(),
                decision.allowed() ? ALLOWED : DENIED, traceId, decision.code() + ": " + decision.reason());
    }

    /** An event that is not a decision (a delivery, a purge): the system acts on its own behalf. */
    public static AuditEntry system(String action, String resource, String nhsNumber, String outcome, String reason) {
        return new AuditEntry("gateway", "", null, action, resource, nhsNumber, outcome, null, reason);
    }
}
