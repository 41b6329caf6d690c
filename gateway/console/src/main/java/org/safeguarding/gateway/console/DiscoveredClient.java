package org.safeguarding.gateway.console;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * The console's one client registration, read from the issuer's OpenID configuration on first use rather than at
 * start-up (Spring Boot's own reads it while starting): the gateway starts, and the API answers, while the identity
 * provider is still starting or down; only signing in to the console waits for it. Written here because Spring
 * Security offers discovery only eagerly.
 */
final class DiscoveredClient implements ClientRegistrationRepository {

    static final String ID = "keycloak";

    private final String issuer;
    private final ConsoleProperties properties;
    private volatile ClientRegistration registration;

    DiscoveredClient(String issuer, ConsoleProperties properties) {
        this.issuer = issuer;
        this.properties = properties;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration found = registration;
        if (found == null) {
            synchronized (this) {
                if (registration == null) {
                    registration = ClientRegistrations.fromIssuerLocation(issuer)
                            .registrationId(ID)
                            .clientId(properties.clientId())
                            .clientSecret(properties.clientSecret())
                            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                            .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                            .scope("openid", "profile")
                            .clientName("Keycloak")
                            .build();
                }
                found = registration;
            }
        }
        return found;
    }
}
