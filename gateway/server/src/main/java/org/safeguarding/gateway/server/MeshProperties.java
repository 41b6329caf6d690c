package org.safeguarding.gateway.server;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gateway's own MESH mailbox ({@code gateway.mesh.*}); with no {@code url} the gateway uses no MESH at all, as
 * before. The password and the shared key are secrets: from the environment ({@code GATEWAY_MESH_PASSWORD},
 * {@code GATEWAY_MESH_SHARED_KEY}) or a deployment's own configuration, never the repository.
 */
@ConfigurationProperties("gateway.mesh")
public record MeshProperties(URI url, String mailbox, String password, String sharedKey) {

    public boolean configured() {
        return url != null;
    }
}
