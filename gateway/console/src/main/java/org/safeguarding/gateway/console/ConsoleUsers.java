package org.safeguarding.gateway.console;

import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.identity.KeycloakCallerConverter;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Reads a person who signed in as a {@link Caller}: from the access token Keycloak issued with the ID token, verified
 * by the same decoder the API uses (issuer, signature, expiry, audience), so a person has in the console exactly the
 * roles and organisation a bearer of that token has at the API. No userinfo call: the token says it all.
 */
final class ConsoleUsers implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final JwtDecoder tokens;

    ConsoleUsers(JwtDecoder tokens) {
        this.tokens = tokens;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        Caller caller;
        try {
            caller = KeycloakCallerConverter.callerOf(tokens.decode(request.getAccessToken().getTokenValue()));
        } catch (JwtException e) {
            throw new OAuth2AuthenticationException(new OAuth2Error("invalid_token", "the access token was refused: " + e.getMessage(), null), e);
        }
        var authorities = caller.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.claimValue())).toList();
        return new ConsoleUser(caller, authorities, request.getIdToken());
    }
}
