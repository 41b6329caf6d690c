package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.delivery.mesh.MeshClient;
import org.safeguarding.gateway.core.delivery.mesh.MeshClient.MeshRefused;
import org.safeguarding.gateway.core.delivery.mesh.MeshClient.Outgoing;
import org.safeguarding.gateway.server.support.MeshStandIn;
import tools.jackson.databind.json.JsonMapper;

/** The gateway's MESH client over real HTTP against the stand-in that behaves as MESH.md records NHS's sandbox. */
class MeshClientTest {

    private static final String KEY = "TestKey";
    private final MeshStandIn mesh = MeshStandIn.start(KEY).mailbox("X26GW01", "gateway-password").mailbox("X26GP01", "gp-password");

    @AfterEach
    void stop() {
        mesh.close();
    }

    private MeshClient client(String mailbox, String password, String key) {
        return new MeshClient(new MeshClient.Mailbox(mesh.url(), mailbox, password, key.getBytes(StandardCharsets.UTF_8)),
                HttpClient.newHttpClient(), JsonMapper.builder().build(), Clock.systemUTC());
    }

    @Test
    void aMessageSentIsDownloadedByItsRecipientWithMeshsHeadersAndLeavesOnAcknowledgement() throws Exception {
        MeshClient gateway = client("X26GW01", "gateway-password", KEY);
        MeshClient gp = client("X26GP01", "gp-password", KEY);
        gateway.handshake();
        byte[] envelope = {0x30, (byte) 0x82, 0x01, 0x02, 0x00, (byte) 0xff};
        String id = gateway.send(new Outgoing("X26GP01", "SAFEGUARDING_COPY", "copy.p7m", "copy-1", "A copy", "application/pkcs7-mime", envelope));
        assertThat(gateway.tracking(id)).contains("accepted");

        assertThat(gp.inbox()).containsExactly(id);
        MeshClient.Incoming got = gp.download(id);
        assertThat(got.body()).isEqualTo(envelope);
        assertThat(got.from()).isEqualTo("X26GW01");
        assertThat(got.workflowId()).isEqualTo("SAFEGUARDING_COPY");
        assertThat(got.localId()).isEqualTo("copy-1");
        assertThat(got.messageType()).isEqualTo("DATA");
        assertThat(got.isNonDeliveryReport()).isFalse();
        gp.acknowledge(id);
        assertThat(gp.inbox()).isEmpty();
        assertThat(gateway.tracking(id)).contains("acknowledged");
        assertThat(mesh.sent()).isEqualTo(1);
    }

    @Test
    void aNonDeliveryReportNamesTheMessageItIsAbout() throws Exception {
        MeshClient gateway = client("X26GW01", "gateway-password", KEY);
        String id = gateway.send(new Outgoing("X26GP01", "SAFEGUARDING_COPY", null, null, null, null, new byte[] {1}));
        mesh.nonDeliveryReport(id, "14", "Message not collected by recipient after 5 days");
        String report = gateway.inbox().get(0);
        MeshClient.Incoming ndr = gateway.download(report);
        assertThat(ndr.isNonDeliveryReport()).isTrue();
        assertThat(ndr.linkedMessageId()).isEqualTo(id);
        assertThat(ndr.statusCode()).isEqualTo("14");
    }

    @Test
    void anUnknownRecipientIsRefusedWithMeshsCode() {
        MeshClient gateway = client("X26GW01", "gateway-password", KEY);
        assertThatThrownBy(() -> gateway.send(new Outgoing("X26NOBODY", "SAFEGUARDING_COPY", null, null, null, null, new byte[] {1})))
                .isInstanceOfSatisfying(MeshRefused.class, e -> {
                    assertThat(e.status()).isEqualTo(417);
                    assertThat(e.code()).isEqualTo("12");
                    assertThat(e.getMessage()).contains("Unregistered to address");
                });
        assertThat(mesh.sent()).isZero();
    }

    @Test
    void aWrongSharedKeyOrPasswordIsRefusedAtTheHandshake() {
        for (MeshClient wrong : new MeshClient[] {client("X26GW01", "gateway-password", "NotTheKey"), client("X26GW01", "not-the-password", KEY)}) {
            assertThatThrownBy(wrong::handshake).isInstanceOfSatisfying(MeshRefused.class, e -> {
                assertThat(e.status()).isEqualTo(403);
                assertThat(e.getMessage()).contains("Invalid Authentication Token");
            });
        }
    }
}
