package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.io.TempDir;
import org.safeguarding.gateway.security.crypto.GatewayKeys;
import org.safeguarding.gateway.security.crypto.KeyMaterial;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.delivery.mesh.MeshClient;
import org.safeguarding.gateway.server.support.MeshStandIn;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The gateway's MESH settings checked at start against a MESH (the stand-in, over real HTTP): wrong ones stop it, saying which. */
class MeshConfigurationTest {

    private final MeshStandIn mesh = MeshStandIn.start("TestKey").mailbox("X26GW01", "gateway-password");

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(MeshProperties.class)
    static class Around {
        @Bean
        JsonMapper json() {
            return JsonMapper.builder().build();
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    private final ApplicationContextRunner gateway = new ApplicationContextRunner().withUserConfiguration(Around.class, MeshConfiguration.class);

    @AfterEach
    void stop() {
        mesh.close();
    }

    @Test
    void theRightMailboxPasswordAndKeyStartWithAMeshClient() {
        gateway.withPropertyValues("gateway.mesh.url=" + mesh.url(), "gateway.mesh.mailbox=X26GW01", "gateway.mesh.password=gateway-password",
                "gateway.mesh.shared-key=TestKey").run(context -> assertThat(context).hasSingleBean(MeshClient.class));
    }

    @Test
    void aWrongSharedKeyOrPasswordStopsTheStartNamingTheSettings() {
        for (String[] wrong : new String[][] {{"gateway-password", "NotTheKey"}, {"not-the-password", "TestKey"}}) {
            gateway.withPropertyValues("gateway.mesh.url=" + mesh.url(), "gateway.mesh.mailbox=X26GW01", "gateway.mesh.password=" + wrong[0],
                    "gateway.mesh.shared-key=" + wrong[1]).run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(context.getStartupFailure()).rootCause().isInstanceOf(MeshClient.MeshRefused.class);
                        assertThat(context.getStartupFailure()).hasStackTraceContaining("refused the gateway's mailbox X26GW01")
                                .hasStackTraceContaining("Invalid Authentication Token").hasStackTraceContaining("GATEWAY_MESH_SHARED_KEY");
                    });
        }
    }

    @Test
    void aUrlWithoutItsSecretsStopsTheStart() {
        gateway.withPropertyValues("gateway.mesh.url=" + mesh.url(), "gateway.mesh.mailbox=X26GW01").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("GATEWAY_MESH_PASSWORD");
        });
    }

    @Test
    void noMeshConfiguredIsNoMeshAtAll() {
        gateway.run(context -> assertThat(context).doesNotHaveBean(MeshClient.class));
    }

    @Test
    void meshUnreachableAtStartDoesNotStopTheGateway() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        gateway.withPropertyValues("gateway.mesh.url=http://127.0.0.1:" + closed, "gateway.mesh.mailbox=X26GW01",
                "gateway.mesh.password=gateway-password", "gateway.mesh.shared-key=TestKey")
                .run(context -> assertThat(context).hasSingleBean(MeshClient.class));
    }

    @Test
    void overMutualTlsTheGatewaysClientCertificateIsAcceptedAndWithoutItTheStartStopsSayingWhichSetting(@TempDir Path data)
            throws Exception {
        GatewayKeys keys = GatewayKeys.loadOrCreate(data);
        KeyMaterial server = keys.agencyKeys("localhost", data.resolve("mesh-server"));
        KeyMaterial client = keys.agencyKeys("X26GW01", data.resolve("mesh-client"));
        Path keystore = data.resolve("mesh-client.p12");
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry("mesh", client.privateKey(), "keystore-password".toCharArray(),
                new Certificate[] {client.certificate(), keys.caCertificate()});
        try (var out = Files.newOutputStream(keystore)) {
            p12.store(out, "keystore-password".toCharArray());
        }
        Path ca = data.resolve("gateway-ca.pem");

        try (MeshStandIn tls = MeshStandIn.start("TestKey", serverContext(server, keys.caCertificate())).mailbox("X26GW01", "gateway-password")) {
            String[] common = {"gateway.mesh.url=" + tls.url(), "gateway.mesh.mailbox=X26GW01", "gateway.mesh.password=gateway-password",
                    "gateway.mesh.shared-key=TestKey", "gateway.mesh.trusted-certificates=" + ca};
            gateway.withPropertyValues(common).withPropertyValues("gateway.mesh.client-keystore=" + keystore,
                    "gateway.mesh.client-keystore-password=keystore-password")
                    .run(context -> {
                        assertThat(context).hasNotFailed().hasSingleBean(MeshClient.class);
                        context.getBean(MeshClient.class).handshake();   // over mutual TLS, or this throws
                        assertThat(context.getBean(MeshClient.class).inbox()).isEmpty();
                    });

            gateway.withPropertyValues(common).run(context -> {
                assertThat(context).as("no client certificate").hasFailed();
                assertThat(context.getStartupFailure()).hasStackTraceContaining("refused the TLS handshake")
                        .hasStackTraceContaining("gateway.mesh.client-keystore");
            });

            gateway.withPropertyValues(common).withPropertyValues("gateway.mesh.client-keystore=" + keystore,
                    "gateway.mesh.client-keystore-password=not-the-password").run(context -> {
                        assertThat(context).as("a key store it cannot open").hasFailed();
                        assertThat(context.getStartupFailure()).hasStackTraceContaining("GATEWAY_MESH_CLIENT_KEYSTORE_PASSWORD");
                    });
        }
    }

    /** MESH's side: its own certificate, and only clients whose certificates chain to the CA. */
    private static SSLContext serverContext(KeyMaterial server, X509Certificate clientsCa) throws Exception {
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        own.setKeyEntry("server", server.privateKey(), new char[0], new Certificate[] {server.certificate(), clientsCa});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(own, new char[0]);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("clients", clientsCa);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }
}
