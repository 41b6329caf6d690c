package org.safeguarding.gateway.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionInformation;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * Which console sessions belong to an identity provider's session, answered from the session store itself (Spring
 * Session JDBC, shared by every node) rather than from a registry of its own: Spring Security's default registry is
 * a map in one node's memory, which a logout token sent to another node would not find, and which would keep every
 * sign-in for ever (sessions the store expires raise no event here to take them out). The store indexes each session
 * by the person's subject ({@link SessionsBySubject}); the identity provider's session id ({@code sid}) is in the ID
 * token the session keeps. So nothing needs saving at sign-in, and finding is a query by subject, narrowed to the
 * logout token's {@code sid} when it names one.
 */
final class IdentityProviderSessions implements OidcSessionRegistry {

    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    IdentityProviderSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    @Override
    public void saveSessionInformation(OidcSessionInformation info) {
        // the session store already holds it: see the class comment
    }

    @Override
    public OidcSessionInformation removeSessionInformation(String clientSessionId) {
        return null;
    }

    @Override
    public Iterable<OidcSessionInformation> removeSessionInformation(OidcLogoutToken logoutToken) {
        if (logoutToken.getSubject() == null) {
            // Keycloak's logout tokens always name the subject; a token naming only a session cannot be looked up by it
            return List.of();
        }
        List<OidcSessionInformation> found = new ArrayList<>();
        sessions.findByPrincipalName(logoutToken.getSubject()).forEach((id, session) -> {
            OidcUser person = SessionsBySubject.personOf(session);
            if (person != null && Objects.equals(person.getIssuer().toString(), logoutToken.getIssuer().toString())
                    && (logoutToken.getSessionId() == null || logoutToken.getSessionId().equals(person.getIdToken().getClaimAsString("sid")))) {
                found.add(new OidcSessionInformation(id, Map.of(), person));
            }
        });
        return found;
    }
}
