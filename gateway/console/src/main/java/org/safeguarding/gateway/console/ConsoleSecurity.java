package org.safeguarding.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizationRequestRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * How people sign in to the console: authorization code with PKCE against the identity provider, as the confidential
 * client {@code gateway-console}; the session lives on the server (in the database), the browser holds only an
 * HttpOnly, SameSite=Lax cookie and never a token. Every form carries a CSRF token; no page runs inline script
 * (Content-Security-Policy); signing out ends the identity provider's session too, and the identity provider signing a
 * person out (disabled, or signed out elsewhere) ends their console sessions (OIDC Back-Channel Logout).
 *
 * <p>Authentication only, as for the API: what a signed-in person may see or do is decided by the AccessPolicy in the
 * core services each page calls. The API's chain (bearer tokens, no session) is the server's and comes first.
 */
final class ConsoleSecurity {

    static final String LOGIN_PATH = "/oauth2/authorization";
    static final String SIGNED_OUT = "/signed-out";

    private ConsoleSecurity() {}

    /**
     * @param issuer the identity provider's issuer: its origin is the one place forms may lead to besides the console
     *               (signing out is a form whose answer redirects there)
     */
    static SecurityFilterChain chain(HttpSecurity http, ClientRegistrationRepository registrations, ConsoleUsers users, String issuer,
            IdentityProviderSessions signedIn, EndedByIdentityProvider endedByIdentityProvider) throws Exception {
        AuthorizationRequestRepository<OAuth2AuthorizationRequest> authorizationRequests = new HttpSessionOAuth2AuthorizationRequestRepository();
        DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations, LOGIN_PATH);
        // PKCE for a confidential client too, as the OAuth 2.0 Security BCP (RFC 9700) asks: a stolen code is useless
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        OidcClientInitiatedLogoutSuccessHandler signedOut = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        signedOut.setPostLogoutRedirectUri("{baseUrl}" + SIGNED_OUT);
        String identityProvider = origin(issuer);
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/webjars/**", "/console/**", "/favicon.ico", SIGNED_OUT).permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(login -> login
                        .authorizationEndpoint(a -> a.authorizationRequestResolver(resolver).authorizationRequestRepository(authorizationRequests))
                        .authorizedClientRepository(new TokensNotKept())
                        .userInfoEndpoint(u -> u.oidcUserService(users)))
                .exceptionHandling(e -> e.authenticationEntryPoint(straightToSignIn(resolver, authorizationRequests)))
                .logout(logout -> logout.logoutSuccessHandler(signedOut))
                // the identity provider's POST to /logout/connect/back-channel/keycloak: authenticated by its signed logout
                // token (Spring Security checks it before CSRF and sign-in), it ends that person's sessions on every node
                .oidcLogout(logout -> logout.oidcSessionRegistry(signedIn).backChannel(b -> b.logoutHandler(endedByIdentityProvider)))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self'; style-src 'self'; "
                                + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                                + "frame-ancestors 'none'; form-action 'self' " + identityProvider))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /**
     * Not signed in: straight to the identity provider's sign-in page (the contract's 302 to its authorization
     * endpoint), not by way of a page of our own, with the request kept so that the person lands where they asked.
     */
    private static AuthenticationEntryPoint straightToSignIn(DefaultOAuth2AuthorizationRequestResolver resolver,
            AuthorizationRequestRepository<OAuth2AuthorizationRequest> authorizationRequests) {
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException failure) -> {
            OAuth2AuthorizationRequest authorization = resolver.resolve(request, DiscoveredClient.ID);
            if (authorization == null) {
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                return;
            }
            authorizationRequests.saveAuthorizationRequest(authorization, request, response);
            response.sendRedirect(authorization.getAuthorizationRequestUri());
        };
    }

    private static String origin(String issuer) {
        URI uri = URI.create(issuer);
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    /** Order of the console's chain: after the server's API chain, which matches its own paths only. */
    static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

}
