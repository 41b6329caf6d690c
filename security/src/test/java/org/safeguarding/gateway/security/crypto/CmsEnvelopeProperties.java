package org.safeguarding.gateway.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;

/** Whatever the content, what the gateway seals the recipient gets back byte for byte. */
class CmsEnvelopeProperties {

    private static TestKeys keys;
    private static CmsEnvelope envelope;

    @BeforeContainer
    static void keys() {
        keys = TestKeys.get();
        envelope = new CmsEnvelope(keys.gateway.signer());
    }

    @Property(tries = 60)
    void anyContentRoundTrips(@ForAll @Size(max = 64 * 1024) byte[] content) throws Exception {
        KeyMaterial recipient = keys.recipients[content.length % keys.recipients.length];
        byte[] sealed = envelope.signAndEncrypt(content, recipient.certificate());
        assertThat(ASN1Primitive.fromByteArray(sealed).getEncoded(ASN1Encoding.DER)).isEqualTo(sealed);
        assertThat(CmsEnvelope.decryptAndVerify(sealed, recipient, keys.gateway.caCertificate())).isEqualTo(content);
    }
}
