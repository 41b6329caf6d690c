package org.safeguarding.gateway.security.audit;

import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Decision;
import org.safeguarding.gateway.security.Resource;

/**
 * What happened, before the trail gives it a place (sequence, time, links).
 *
 * @param callerName the person's name as their token gave it at the time (what a clinician's system shows as "who
 *                   looked"); null for the gateway's own events and for records written before names were kept
 */
public record AuditEntry(
        String subject,
        String roles,
        String orgId,
        String action,
        String resource,
        String nhsNumber,
        String outcome,
        String traceId,
        String reason,
        String callerName) {

    public static final String ALLOWED = "allowed";
    public static final String DENIED = "denied";
    /** The column's width: a longer name from a token is cut, never refused, so the decision is still recorded. */
    public static final int MAX_CALLER_NAME = 300;

    /** Likewise the resource: an id sent at any length (a path segment) is cut to the column, so its refusal is recorded, not a 500. */
    public static final int MAX_RESOURCE = 300;

    public AuditEntry {
        if (callerName != null && callerName.length() > MAX_CALLER_NAME) {
            callerName = callerName.substring(0, MAX_CALLER_NAME);
        }
        if (resource != null && resource.length() > MAX_RESOURCE) {
            resource = resource.substring(0, MAX_RESOURCE);
        }
    }

    /** An entry with no person's name: the gateway's own events, and tests of the chain. */
    public AuditEntry(String subject, String roles, String orgId, String action, String resource, String nhsNumber,
            String outcome, String traceId, String reason) {
        this(subject, roles, orgId, action, resource, nhsNumber, outcome, traceId, reason, null);
    }

    public static AuditEntry decision(Caller caller, Action action, Resource resource, Decision decision, String traceId) {
        return of(caller, action, resource.describe(), resource.nhsNumber(), decision.allowed() ? ALLOWED : DENIED,
                traceId, decision.code() + ": " + decision.reason());
    }

    /** What a caller did, as the trail names callers: subject and username, roles, organisation, name. */
    public static AuditEntry of(Caller caller, Action action, String resource, String nhsNumber, String outcome, String traceId,
            String reason) {
        return new AuditEntry(caller.subject() + " (" + caller.username() + ")", caller.rolesAsText(), caller.orgId(),
                action.code(), resource, nhsNumber, outcome, traceId, reason, caller.name());
    }

    /** An event that is not a decision (a delivery, a purge): the system acts on its own behalf. */
    public static AuditEntry system(Action action, String resource, String nhsNumber, String outcome, String reason) {
        return new AuditEntry("gateway", "", null, action.code(), resource, nhsNumber, outcome, null, reason);
    }
}
