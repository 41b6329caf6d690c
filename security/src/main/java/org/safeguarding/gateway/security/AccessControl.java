package org.safeguarding.gateway.security;

import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;

/**
 * The audited enforcement step every entry point calls: ask the policy, record the decision
 * (granted or refused) in the audit trail, and throw a coded {@link AccessDenied} on refusal.
 */
public class AccessControl {

    private final AccessPolicy policy;
    private final AuditTrail audit;

    public AccessControl(AccessPolicy policy, AuditTrail audit) {
        this.policy = policy;
        this.audit = audit;
    }

    public Decision require(Caller caller, Action action, Resource resource, String traceId) {
        Decision decision = policy.decide(caller, action, resource);
        audit.append(AuditEntry.decision(caller, action, resource, decision, traceId));
        if (!decision.allowed()) {
            throw new AccessDenied(decision);
        }
        return decision;
    }

    /** A request refused before any caller was known: no token, or one that failed verification. */
    public void recordUnauthenticated(String requestTarget, String problem, String traceId) {
        audit.append(AuditEntry.decision(Caller.ANONYMOUS, Action.AUTHENTICATE, Resource.endpoint(requestTarget),
                Decision.deny("UNAUTHENTICATED", problem), traceId));
    }
}
