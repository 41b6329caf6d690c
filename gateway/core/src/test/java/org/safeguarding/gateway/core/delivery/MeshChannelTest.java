package org.safeguarding.gateway.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguarding.gateway.core.delivery.mesh.MeshChannel;
import org.safeguarding.gateway.core.delivery.mesh.MeshClient;
import org.safeguarding.gateway.core.delivery.mesh.MeshFormat;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.safeguarding.gateway.security.crypto.GatewayKeys;

/**
 * How a copy goes to an agency's MESH mailbox, decided in one place: not at all, as its CMS envelope, or in an adapter's
 * format only where the directory asks (never CMS to a GP system that cannot open it, which is what a gateway without the
 * GP adapter does); and an adapter's copy waits sealed to the gateway's own key (real keys and CMS).
 */
class MeshChannelTest {

    /** A format like the GP adapter's: documents to agencies whose entry says they take GP Connect. */
    private static final MeshFormat GP_CONNECT = new MeshFormat() {
        @Override
        public String name() {
            return "gp-connect";
        }

        @Override
        public boolean carries(String messageType, Agency recipient) {
            return messageType.equals("document") && recipient.mesh() != null && recipient.mesh().gpConnect();
        }

        @Override
        public MeshClient.Outgoing message(Delivery copy, byte[] content, Agency recipient, String ownMailbox) {
            return new MeshClient.Outgoing(recipient.mesh().mailbox(), recipient.mesh().workflowId(), copy.id() + ".json", null, null,
                    "application/fhir+json", content);
        }

        @Override
        public Optional<Response> response(MeshClient.Incoming message) {
            return Optional.empty();
        }
    };

    private static final Agency LA = agency("la-derby", new Agency.MeshAddress("X26DER01", "SAFEGUARDING_COPY", false));
    private static final Agency GP = agency("gp-derby-central", new Agency.MeshAddress("X26GPD01", "GPCONNECT_SEND_DOCUMENT", true));
    private static final Agency SCHOOL = agency("school-derby-primary", null);

    @TempDir
    Path data;

    @Test
    void withoutAGatewayMailboxNothingGoesToMesh() {
        assertThat(MeshChannel.none().formatFor("document", LA)).isNull();
        assertThat(MeshChannel.none().formatFor("document", GP)).isNull();
    }

    @Test
    void eachAgencyWithAMailboxGetsTheEnvelopeUnlessItsEntryAsksForAFormat() {
        MeshChannel channel = channel(List.of(GP_CONNECT));
        assertThat(channel.formatFor("dv-notification", LA)).isEqualTo(MeshChannel.CMS);
        assertThat(channel.formatFor("document", LA)).isEqualTo(MeshChannel.CMS);
        assertThat(channel.formatFor("document", SCHOOL)).as("no mailbox").isNull();
        assertThat(channel.formatFor("document", GP)).isEqualTo("gp-connect");
        assertThat(channel.formatFor("escalation", GP)).as("what the format does not carry stays in the inbox: the GP system cannot open CMS")
                .isNull();
        assertThat(MeshChannel.isPlaintext("gp-connect")).isTrue();
        assertThat(MeshChannel.isPlaintext(MeshChannel.CMS)).isFalse();
        assertThat(MeshChannel.protection("gp-connect")).contains("transport protection only");
    }

    @Test
    void withoutTheGpAdapterAGpConnectPracticeGetsNothingByMeshAndCmsStillGoes() {
        MeshChannel channel = channel(List.of());
        assertThat(channel.formatFor("document", GP)).isNull();
        assertThat(channel.formatFor("document", LA)).isEqualTo(MeshChannel.CMS);
    }

    @Test
    void anAdaptersCopyWaitsSealedToTheGatewayAndOpensOnlyWithItsKey() {
        MeshChannel channel = channel(List.of(GP_CONNECT));
        byte[] content = "%PDF-1.4 synthetic minutes".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = channel.sealForSending(content);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("synthetic minutes");
        assertThat(channel.openForSending(sealed)).isEqualTo(content);

        sealed[sealed.length - 20] ^= 1;
        assertThatThrownBy(() -> channel.openForSending(sealed)).isInstanceOf(IllegalStateException.class);
    }

    private MeshChannel channel(List<MeshFormat> formats) {
        GatewayKeys keys = GatewayKeys.loadOrCreate(data);
        return new MeshChannel("X26SGW01", formats, new CmsEnvelope(keys.signer()),
                keys.agencyKeys("gateway-mesh-store", data.resolve("keys").resolve("mesh-store")), keys.caCertificate());
    }

    private static Agency agency(String id, Agency.MeshAddress mesh) {
        return new Agency(id, "other", id, List.of(), null, null, null, null, mesh);
    }
}
