package org.safeguarding.gateway.security;

/** Thrown at an entry point when the policy says no; adapters turn it into 403 in their own format. */
public class AccessDenied extends RuntimeException {

    private final transient Decision decision;

    public AccessDenied(Decision decision) {
        super(decision.reason());
        this.decision = decision;
    }

    public Decision decision() {
        return decision;
    }
}
