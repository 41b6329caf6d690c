package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
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
}
