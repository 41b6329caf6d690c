package org.safeguarding.gateway.security;

import java.util.List;

/**
 * Thrown at an entry point when the policy says no: a {@link Kind#REFUSED} failure whose code is the policy's.
 *
 * <p>Its message and code are what the caller is told, and they say only which kind of refusal this is: the policy's
 * reason (which names the resource and, for another organisation's, whose it is) goes to the audit trail and nowhere
 * else, so a refusal reveals nothing about a resource the caller may not act on, not even that it exists.
 */
public class AccessDenied extends CodedException {

    private final transient Decision decision;

    public AccessDenied(Decision decision) {
        super(Kind.REFUSED, toCaller(decision.code()), decision.code(), List.of());
        this.decision = decision;
    }

    public Decision decision() {
        return decision;
    }

    static String toCaller(String code) {
        return switch (code) {
            case AccessPolicy.NO_ROLE -> "the caller holds no role at the gateway";
            case AccessPolicy.ROLE_NOT_PERMITTED -> "the caller's role does not permit this request";
            case AccessPolicy.OTHER_ORGANISATION -> "the caller's organisation may not make this request";
            default -> "the request is not permitted";
        };
    }
}
