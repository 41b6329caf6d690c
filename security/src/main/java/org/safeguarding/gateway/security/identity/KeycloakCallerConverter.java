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
 * Caller: realm roles from {@code realm_access.roles}, the organisation from {@code org_id}.
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
        return new Caller(jwt.getSubject(), username, realmRoles(jwt), jwt.getClaimAsString("org_id"));
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
