package org.safeguarding.gateway.server.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts the shared test Keycloak before a test class that talks to it without Spring. */
public class KeycloakExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        Keycloak.get();
    }
}
