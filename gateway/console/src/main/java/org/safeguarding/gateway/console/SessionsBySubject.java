package org.safeguarding.gateway.console;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SingleIndexResolver;

/**
 * Indexes each console session in the session store by the identity provider's subject ({@code sub}) of the person
 * signed in, instead of Spring Session's default, the principal's name (here the username): a back-channel logout
 * token names the subject, never the username, and the index is the one column the store can find sessions by on
 * every node ({@link IdentityProviderSessions}). Sessions of no signed-in person are not indexed.
 */
final class SessionsBySubject extends SingleIndexResolver<Session> {

    SessionsBySubject() {
        super(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME);
    }

    @Override
    public String resolveIndexValueFor(Session session) {
        OidcUser person = personOf(session);
        return person == null ? null : person.getSubject();
    }

    /** The person signed in to the session (the security context Spring Security keeps in it), or null. */
    static OidcUser personOf(Session session) {
        SecurityContext context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        Authentication authentication = context == null ? null : context.getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof OidcUser person ? person : null;
    }
}
