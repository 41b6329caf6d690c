package org.safeguarding.gateway.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The console's client in the identity provider.
 *
 * @param clientId     the confidential client people sign in through (the realm's {@code gateway-console})
 * @param clientSecret its secret: in service from the deployment's own secret store ({@code GATEWAY_CONSOLE_SECRET});
 *                     {@code ./run} and the tests read the demo realm's. Empty: nobody can sign in to the console.
 */
@ConfigurationProperties("gateway.console")
public record ConsoleProperties(String clientId, String clientSecret) {

    public ConsoleProperties {
        clientId = clientId == null || clientId.isBlank() ? "gateway-console" : clientId;
        clientSecret = clientSecret == null ? "" : clientSecret;
    }
}
