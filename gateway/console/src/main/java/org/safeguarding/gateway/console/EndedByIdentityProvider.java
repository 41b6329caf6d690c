package org.safeguarding.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionInformation;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * Ends the console sessions of a person the identity provider has signed out (an administrator disabled them and ended
 * their sessions, or they signed out of another application), once Spring Security has verified the provider's signed
 * logout token: each session is deleted from the shared session store, so the person's next page on any node goes to
 * sign-in, and each end is audited as the person's. Spring Security's own handler instead posts to this node's own
 * {@code /logout} with the session's cookie, as Spring Session would not read it (its cookie holds the id base64-encoded)
 * and which only works for sessions its in-memory registry knows.
 */
final class EndedByIdentityProvider implements LogoutHandler {

    static final String OUTCOME = "ended";

    private final IdentityProviderSessions signedIn;
    private final FindByIndexNameSessionRepository<? extends Session> sessions;
    private final AuditTrail audit;

    EndedByIdentityProvider(IdentityProviderSessions signedIn, FindByIndexNameSessionRepository<? extends Session> sessions, AuditTrail audit) {
        this.signedIn = signedIn;
        this.sessions = sessions;
        this.audit = audit;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        if (authentication == null || !(authentication.getPrincipal() instanceof OidcLogoutToken logoutToken)) {
            return;
        }
        for (OidcSessionInformation session : signedIn.removeSessionInformation(logoutToken)) {
            sessions.deleteById(session.getSessionId());
            if (session.getPrincipal() instanceof ConsoleUser person) {
                audit.append(AuditEntry.of(person.caller(), Action.SESSION_END, "console-session", null, OUTCOME, null,
                        "signed out by the identity provider (OIDC back-channel logout)"));
            }
        }
    }
}
