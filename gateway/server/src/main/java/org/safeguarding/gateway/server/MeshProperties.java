package org.safeguarding.gateway.server;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gateway's own MESH mailbox ({@code gateway.mesh.*}); with no {@code url} the gateway uses no MESH at all, as
 * before. The password, the shared key and the client key store's password are secrets: from the environment
 * ({@code GATEWAY_MESH_PASSWORD}, {@code GATEWAY_MESH_SHARED_KEY}, {@code GATEWAY_MESH_CLIENT_KEYSTORE_PASSWORD}) or a
 * deployment's own configuration, never the repository.
 *
 * @param pollInterval        how often the gateway collects its MESH inbox (acknowledgements, non-delivery reports)
 * @param clientKeystore      a PKCS#12 file with the gateway's MESH client certificate and key: mutual TLS when set
 * @param trustedCertificates PEM certificates of the CAs MESH's server certificate chains to, besides the JDK's
 */
@ConfigurationProperties("gateway.mesh")
public record MeshProperties(URI url, String mailbox, String password, String sharedKey, Duration pollInterval, Path clientKeystore,
        String clientKeystorePassword, Path trustedCertificates) {

    public MeshProperties {
        pollInterval = pollInterval == null ? Duration.ofSeconds(30) : pollInterval;
    }

    public boolean configured() {
        return url != null;
    }
}
