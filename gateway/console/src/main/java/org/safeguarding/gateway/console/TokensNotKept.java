package org.safeguarding.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;

/**
 * The access and refresh tokens of a person who signed in are read once, as the {@link ConsoleUser}, and then dropped:
 * the console calls nothing on the person's behalf, so no token is kept in memory or in the session store (Spring's
 * default keeps every signed-in person's tokens in memory for ever).
 */
final class TokensNotKept implements OAuth2AuthorizedClientRepository {

    @Override
    public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String clientRegistrationId, Authentication principal,
            HttpServletRequest request) {
        return null;
    }

    @Override
    public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal, HttpServletRequest request,
            HttpServletResponse response) {
        // not kept: see the class comment
    }

    @Override
    public void removeAuthorizedClient(String clientRegistrationId, Authentication principal, HttpServletRequest request,
            HttpServletResponse response) {
        // nothing kept
    }
}
