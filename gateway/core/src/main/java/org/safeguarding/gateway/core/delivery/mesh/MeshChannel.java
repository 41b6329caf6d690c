package org.safeguarding.gateway.core.delivery.mesh;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.safeguarding.gateway.security.crypto.InvalidEnvelopeException;
import org.safeguarding.gateway.security.crypto.KeyMaterial;

/**
 * The one decision of how a copy goes to an agency's MESH mailbox: not at all (no gateway mailbox configured, or the
 * agency has none), as the CMS envelope (every agency whose system collects from MESH), or in an adapter's own format
 * where the agency's directory entry asks for it ({@link MeshFormat}: GP Connect). For an adapter's format the copy's
 * content waits for the send sealed to the gateway's own storage key, so the gateway holds no plaintext meanwhile.
 */
public class MeshChannel {

    /** The copy's own CMS envelope, as the inbox holds it. */
    public static final String CMS = "cms";

    private final String ownMailbox;
    private final List<MeshFormat> formats;
    private final CmsEnvelope cms;
    private final KeyMaterial storageKey;
    private final X509Certificate ca;

    /**
     * @param ownMailbox the gateway's MESH mailbox id; null when it has none, and nothing goes to MESH
     * @param storageKey the gateway's own key pair that an adapter's copy is sealed to until it is sent
     * @param ca         the gateway's CA, which the signature on such a sealed copy is checked against when it is opened
     */
    public MeshChannel(String ownMailbox, List<MeshFormat> formats, CmsEnvelope cms, KeyMaterial storageKey, X509Certificate ca) {
        this.ownMailbox = ownMailbox;
        this.formats = List.copyOf(formats);
        this.cms = cms;
        this.storageKey = storageKey;
        this.ca = ca;
    }

    /** No MESH: the gateway has no mailbox. */
    public static MeshChannel none() {
        return new MeshChannel(null, List.of(), null, null, null);
    }

    public String ownMailbox() {
        return ownMailbox;
    }

    /**
     * How a copy of this type goes to this agency's MESH mailbox, or null when it does not. A GP practice whose system
     * takes GP Connect gets only what a format carries: its system cannot open CMS, so an envelope would be lost there.
     */
    public String formatFor(String messageType, Agency recipient) {
        if (ownMailbox == null || recipient.mesh() == null || recipient.mesh().mailbox() == null) {
            return null;
        }
        Optional<MeshFormat> own = formats.stream().filter(f -> f.carries(messageType, recipient)).findFirst();
        if (own.isPresent()) {
            return own.get().name();
        }
        return recipient.mesh().gpConnect() ? null : CMS;
    }

    public Optional<MeshFormat> format(String name) {
        return formats.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public List<MeshFormat> formats() {
        return formats;
    }

    /** An adapter's format carries the copy under MESH's transport protection only, and its system answers when it has it. */
    public static boolean isPlaintext(String format) {
        return format != null && !CMS.equals(format);
    }

    /** What every audit record of such a copy says about its protection. */
    public static String protection(String format) {
        return isPlaintext(format) ? " as " + format + ", under MESH's transport protection only (no CMS), as the agency's directory entry asks"
                : " as its CMS envelope";
    }

    /** The content sealed to the gateway itself, to wait for the send. */
    public byte[] sealForSending(byte[] content) {
        return cms.signAndEncrypt(content, storageKey.certificate());
    }

    /** The content again, when it is sent. */
    public byte[] openForSending(byte[] sealed) {
        try {
            return CmsEnvelope.decryptAndVerify(sealed, storageKey, ca);
        } catch (InvalidEnvelopeException e) {
            throw new IllegalStateException("a copy sealed for sending by MESH does not open with the gateway's storage key", e);
        }
    }
}
