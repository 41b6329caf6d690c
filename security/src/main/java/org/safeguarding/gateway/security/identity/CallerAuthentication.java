package org.safeguarding.gateway.security.identity;

import org.safeguarding.gateway.security.Caller;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** A verified token, read as a {@link Caller}. */
public class CallerAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;
    private final transient Jwt token;

    public CallerAuthentication(Caller caller, Jwt token) {
        super(caller.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.claimValue())).toList());
        this.caller = caller;
        this.token = token;
        setAuthenticated(true);
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    @Override
    public Jwt getCredentials() {
        return token;
    }

    @Override
    public String getName() {
        return caller.subject();
    }

}
