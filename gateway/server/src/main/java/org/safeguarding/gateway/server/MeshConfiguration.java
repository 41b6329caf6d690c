package org.safeguarding.gateway.server;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.safeguarding.gateway.core.delivery.mesh.MeshClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's MESH mailbox, when one is configured. It shakes hands at start: MESH refusing the mailbox id, password
 * or shared key stops the start with a message saying which setting to check, rather than every copy later failing in
 * silence. MESH merely unreachable at start does not stop it (sending retries through the error policy).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.mesh", name = "url")
public class MeshConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MeshConfiguration.class);

    /** MESH refused the gateway's own mailbox: the configuration is wrong, and nothing sent would arrive. */
    public static class MeshMisconfigured extends IllegalStateException {
        MeshMisconfigured(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Bean
    MeshClient meshClient(MeshProperties mesh, JsonMapper json, Clock clock) throws InterruptedException {
        if (blank(mesh.mailbox()) || blank(mesh.password()) || blank(mesh.sharedKey())) {
            throw new MeshMisconfigured("gateway.mesh.url is set, so gateway.mesh.mailbox, gateway.mesh.password (GATEWAY_MESH_PASSWORD) and"
                    + " gateway.mesh.shared-key (GATEWAY_MESH_SHARED_KEY) must be too", null);
        }
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (mesh.clientKeystore() != null || mesh.trustedCertificates() != null) {
            http.sslContext(mutualTls(mesh));
        }
        MeshClient client = new MeshClient(new MeshClient.Mailbox(mesh.url(), mesh.mailbox(), mesh.password(),
                mesh.sharedKey().getBytes(StandardCharsets.UTF_8)), http.build(), json, clock);
        try {
            client.handshake();
            log.info("MESH mailbox {} at {}: handshake accepted", mesh.mailbox(), mesh.url());
        } catch (MeshClient.MeshRefused e) {
            throw new MeshMisconfigured("MESH at " + mesh.url() + " refused the gateway's mailbox " + mesh.mailbox() + " (" + e.getMessage()
                    + "): check gateway.mesh.mailbox, the password (GATEWAY_MESH_PASSWORD) and the shared key (GATEWAY_MESH_SHARED_KEY)", e);
        } catch (SSLException e) {
            // TLS refused is configuration, not an outage: a wrong or missing client certificate, or MESH's CA not trusted
            throw new MeshMisconfigured("MESH at " + mesh.url() + " refused the TLS handshake (" + e.getMessage() + "): check"
                    + " gateway.mesh.client-keystore (its password GATEWAY_MESH_CLIENT_KEYSTORE_PASSWORD) and gateway.mesh.trusted-certificates", e);
        } catch (IOException e) {
            log.warn("MESH at {} is not reachable at start ({}); copies to MESH mailboxes will be retried", mesh.url(), e.toString());
        }
        return client;
    }

    /** The gateway's client certificate (PKCS#12) for MESH's mutual TLS, and the CAs MESH's own certificate chains to. */
    private static SSLContext mutualTls(MeshProperties mesh) {
        try {
            KeyManagerFactory keys = null;
            if (mesh.clientKeystore() != null) {
                char[] password = mesh.clientKeystorePassword() == null ? new char[0] : mesh.clientKeystorePassword().toCharArray();
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (var in = Files.newInputStream(mesh.clientKeystore())) {
                    store.load(in, password);
                }
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, password);
            }
            TrustManagerFactory trust = null;
            if (mesh.trustedCertificates() != null) {
                KeyStore cas = KeyStore.getInstance(KeyStore.getDefaultType());
                cas.load(null, null);
                try (var in = Files.newInputStream(mesh.trustedCertificates())) {
                    int n = 0;
                    for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        cas.setCertificateEntry("mesh-" + n++, certificate);
                    }
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(cas);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new MeshMisconfigured("cannot read the MESH client certificate (gateway.mesh.client-keystore, its password"
                    + " GATEWAY_MESH_CLIENT_KEYSTORE_PASSWORD) or trusted certificates (gateway.mesh.trusted-certificates): " + e.getMessage(), e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
