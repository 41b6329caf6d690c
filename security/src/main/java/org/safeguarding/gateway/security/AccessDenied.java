package org.safeguarding.gateway.security;

/**
 * Thrown at an entry point when the policy says no; adapters turn it into 403 in their own format.
 *
 * <p>Its message is what the caller is told, and it says only which kind of refusal this is: the policy's reason
 * (which names the resource and, for another organisation's, whose it is) goes to the audit trail and nowhere else,
 * so a refusal reveals nothing about a resource the caller may not act on, not even that it exists.
 */
public class AccessDenied extends RuntimeException {

    private final transient Decision decision;

    public AccessDenied(Decision decision) {
        super(toCaller(decision.code()));
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
