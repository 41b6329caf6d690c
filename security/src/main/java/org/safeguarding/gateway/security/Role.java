package org.safeguarding.gateway.security;

import java.util.Arrays;
import java.util.Optional;

/** The realm roles of the agencies' identity provider; the claim value is the contract's name. */
public enum Role {
    UNSCHEDULED_CARE("unscheduled-care"),
    SAFEGUARDING_HEALTH("safeguarding-health"),
    GP("gp"),
    COMMUNITY_HEALTH("community-health"),
    POLICE("police"),
    SOCIAL_CARE("social-care"),
    SCHOOL("school"),
    AUDITOR("auditor"),
    GATEWAY_ADMIN("gateway-admin");

    private final String claimValue;

    Role(String claimValue) {
        this.claimValue = claimValue;
    }

    public String claimValue() {
        return claimValue;
    }

    /** Keycloak adds its own roles (offline_access, default-roles-...): those are not ours and are dropped. */
    public static Optional<Role> fromClaim(String value) {
        return Arrays.stream(values()).filter(r -> r.claimValue.equals(value)).findFirst();
    }
}
