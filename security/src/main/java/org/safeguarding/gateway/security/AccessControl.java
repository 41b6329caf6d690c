package org.safeguarding.gateway.security;

import java.util.function.Supplier;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;

/**
 * The audited enforcement step every entry point calls: ask the policy, record the decision
 * (granted or refused) in the audit trail, and throw a coded {@link AccessDenied} on refusal.
 */
public class AccessControl {

    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final boolean auditAllowedLookups;

    public AccessControl(AccessPolicy policy, AuditTrail audit) {
        this(policy, audit, true);
    }

    /**
     * @param auditAllowedLookups false only for the benchmark that measures what the audit write
     *     costs a lookup: allowed CP lookups are then not recorded (their notifications still are
     *     written, denials still recorded). Never false in service.
     */
    public AccessControl(AccessPolicy policy, AuditTrail audit, boolean auditAllowedLookups) {
        this.policy = policy;
        this.audit = audit;
        this.auditAllowedLookups = auditAllowedLookups;
    }

    private static final Supplier<Consequence<Void>> NOTHING = () -> new Consequence<>(null, null);

    public void require(Caller caller, Action action, Resource resource, String traceId) {
        require(caller, action, resource, traceId, NOTHING);
    }

    /**
     * The general form, which the plain one above uses with no work. For reads whose record carries a consequence: decide; on refusal record and throw without
     * running {@code work}; otherwise run it (the read) and record the access together with the
     * write it returns, in one commit, before its value is handed back.
     */
    public <T> T require(Caller caller, Action action, Resource resource, String traceId, Supplier<Consequence<T>> work) {
        LogContext.decided(caller, action);
        Decision decision = policy.decide(caller, action, resource);
        AuditEntry entry = AuditEntry.decision(caller, action, resource, decision, traceId);
        if (!decision.allowed()) {
            audit.append(entry);
            throw new AccessDenied(decision);
        }
        Consequence<T> consequence;
        try {
            consequence = work.get();
        } catch (RuntimeException e) {
            audit.append(entry);
            throw e;
        }
        boolean unaudited = !auditAllowedLookups && (action == Action.CP_LOOKUP || action == Action.CP_LOOKUP_SILENT);
        audit.append(unaudited ? null : entry, consequence.recordedWith());
        return consequence.value();
    }

    /**
     * A page that offers an action (the console's lookup form, an inbox's list before anything in it is read): refused,
     * and the refusal recorded, as the action itself would be; offering it records nothing, since nothing about a child
     * is shown until the action is done, and the action is recorded then.
     */
    public void requireToOffer(Caller caller, Action action, Resource resource, String traceId) {
        LogContext.decided(caller, action);
        Decision decision = policy.decide(caller, action, resource);
        if (!decision.allowed()) {
            audit.append(AuditEntry.decision(caller, action, resource, decision, traceId));
            throw new AccessDenied(decision);
        }
    }

    /** The result of an allowed read, and the write (or null) that must be committed with its audit record. */
    public record Consequence<T>(T value, Runnable recordedWith) {}

    /** A request refused before any caller was known: no token, or one that failed verification. */
    public void recordUnauthenticated(String requestTarget, String problem, String traceId) {
        LogContext.decided(Caller.ANONYMOUS, Action.AUTHENTICATE);
        audit.append(AuditEntry.decision(Caller.ANONYMOUS, Action.AUTHENTICATE, Resource.endpoint(requestTarget),
                Decision.deny("UNAUTHENTICATED", problem), traceId));
    }
}
