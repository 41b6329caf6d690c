package org.safeguarding.gateway.console;

import java.util.Collection;
import org.safeguarding.gateway.security.Caller;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/**
 * A person signed in to the console: who Keycloak says they are (the ID token, kept for signing out) and the
 * {@link Caller} their access token was read as at sign-in, the same reading the API gives a bearer of that token.
 * Kept in the session (in the database), so serializable.
 */
public final class ConsoleUser extends DefaultOidcUser {

    private static final long serialVersionUID = 1L;

    private final Caller caller;

    ConsoleUser(Caller caller, Collection<? extends GrantedAuthority> authorities, OidcIdToken idToken) {
        super(authorities, idToken, "preferred_username");
        this.caller = caller;
    }

    public Caller caller() {
        return caller;
    }
}
