package org.safeguarding.gateway.security.identity;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Role;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Reads a Keycloak access token (already verified for issuer, signature, expiry and audience) as a
 * Caller: realm roles from {@code realm_access.roles}, the organisation from {@code org_id}, the person's name.
 */
public class KeycloakCallerConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        return new CallerAuthentication(callerOf(jwt), jwt);
    }

    public static Caller callerOf(Jwt jwt) {
        String username = jwt.getClaimAsString("preferred_username");
        if (username == null) {
            username = jwt.getClaimAsString("azp");
        }
        return new Caller(jwt.getSubject(), username, realmRoles(jwt), jwt.getClaimAsString("org_id"), name(jwt));
    }

    /** The person's name: OpenID Connect's {@code name}, else given and family name; null for a system client. */
    private static String name(Jwt jwt) {
        String name = jwt.getClaimAsString("name");
        if (name != null && !name.isBlank()) {
            return name;
        }
        String given = jwt.getClaimAsString("given_name");
        String family = jwt.getClaimAsString("family_name");
        String joined = ((given == null ? "" : given) + " " + (family == null ? "" : family)).trim();
        return joined.isEmpty() ? null : joined;
    }

    private static Set<Role> realmRoles(Jwt jwt) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Object realmAccess = jwt.getClaims().get("realm_access");
        if (realmAccess instanceof Map<?, ?> map && map.get("roles") instanceof Collection<?> names) {
            for (Object name : names) {
                Role.fromClaim(String.valueOf(name)).ifPresent(roles::add);
            }
        }
        return roles;
    }
}
