package org.safeguarding.gateway.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguarding.gateway.security.crypto.InvalidEnvelopeException.Reason;

/** The inbox content format of CONTRACT.md: signed by the gateway, encrypted to one agency, opened by OpenSSL 3. */
class CmsEnvelopeTest {

    private static TestKeys keys;
    private static CmsEnvelope envelope;
    private static X509Certificate ca;

    @TempDir
    Path work;

    @BeforeAll
    static void keys() {
        keys = TestKeys.get();
        envelope = new CmsEnvelope(keys.gateway.signer());
        ca = keys.gateway.caCertificate();
    }

    private static byte[] content(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void roundTripsAsDer() throws Exception {
        byte[] content = "{\"type\":\"access-notification\",\"nhsNumber\":\"9997709144\"}\r\n\u0000".getBytes();
        byte[] sealed = envelope.signAndEncrypt(content, keys.recipients[0].certificate());

        assertThat(ASN1Primitive.fromByteArray(sealed).getEncoded(ASN1Encoding.DER)).as("DER, not BER").isEqualTo(sealed);
        assertThat(CmsEnvelope.decryptAndVerify(sealed, keys.recipients[0], ca)).isEqualTo(content);
    }

    @Test
    void bothLayersAreDerForEveryLengthForm() throws Exception {
        // Short form, and long form with one, two and three length octets, around the content and the ciphertext.
        for (int size : new int[] {0, 1, 15, 16, 100, 127, 128, 200, 255, 256, 65_535, 65_536, 1 << 20}) {
            byte[] content = content(size, size);
            byte[] sealed = envelope.signAndEncrypt(content, keys.recipients[1].certificate());
            assertThat(ASN1Primitive.fromByteArray(sealed).getEncoded(ASN1Encoding.DER)).as("envelope, %d bytes", size).isEqualTo(sealed);
            byte[] inner = openWithBouncyCastle(sealed, keys.recipients[1]);
            assertThat(ASN1Primitive.fromByteArray(inner).getEncoded(ASN1Encoding.DER)).as("signed data, %d bytes", size).isEqualTo(inner);
            assertThat(CmsEnvelope.decryptAndVerify(sealed, keys.recipients[1], ca)).isEqualTo(content);
        }
    }

    private static byte[] openWithBouncyCastle(byte[] sealed, KeyMaterial recipient) throws Exception {
        return new org.bouncycastle.cms.CMSEnvelopedData(sealed).getRecipientInfos().getRecipients().iterator().next()
                .getContent(new org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient(recipient.privateKey()));
    }

    @Test
    void usesAes256CbcRsaOaepAndAnEncapsulatedEcdsaSha256Signature() throws Exception {
        byte[] content = content(1000, 1);
        byte[] sealed = envelope.signAndEncrypt(content, keys.recipients[0].certificate());

        ContentInfo outer = ContentInfo.getInstance(ASN1Primitive.fromByteArray(sealed));
        assertThat(outer.getContentType()).isEqualTo(CMSObjectIdentifiers.envelopedData);
        EnvelopedData enveloped = EnvelopedData.getInstance(outer.getContent());
        assertThat(enveloped.getEncryptedContentInfo().getContentEncryptionAlgorithm().getAlgorithm())
                .isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);
        assertThat(enveloped.getRecipientInfos().size()).isEqualTo(1);
        KeyTransRecipientInfo recipient = KeyTransRecipientInfo.getInstance(
                RecipientInfo.getInstance(enveloped.getRecipientInfos().getObjectAt(0)).getInfo());
        assertThat(recipient.getKeyEncryptionAlgorithm().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_RSAES_OAEP);

        byte[] inner = openWithBouncyCastle(sealed, keys.recipients[0]);
        ContentInfo signedInfo = ContentInfo.getInstance(ASN1Primitive.fromByteArray(inner));
        assertThat(signedInfo.getContentType()).isEqualTo(CMSObjectIdentifiers.signedData);
        SignedData signed = SignedData.getInstance(signedInfo.getContent());
        assertThat(signed.getEncapContentInfo().getContent()).as("encapsulated, not detached").isNotNull();
        assertThat(signed.getCertificates().size()).as("signer certificate included").isEqualTo(1);
        SignerInfo signer = SignerInfo.getInstance(signed.getSignerInfos().getObjectAt(0));
        assertThat(signer.getDigestAlgorithm().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(signer.getDigestEncryptionAlgorithm().getAlgorithm()).as("ECDSA with SHA-256: the gateway's signing key is P-256")
                .isEqualTo(org.bouncycastle.asn1.x9.X9ObjectIdentifiers.ecdsa_with_SHA256);
    }

    @Test
    void threeRecipientsGetThreeEnvelopesThatOpensslOpensAndVerifies() throws Exception {
        byte[] content = content(100_000, 2);
        content[10] = '\r';
        content[11] = '\n';
        List<X509Certificate> recipients = List.of(keys.recipients[0].certificate(), keys.recipients[1].certificate(),
                keys.recipients[2].certificate());

        List<byte[]> sealed = envelope.signAndEncrypt(content, recipients);

        assertThat(sealed).hasSize(3);
        for (int i = 0; i < 3; i++) {
            Path env = work.resolve("env-" + i + ".der");
            Files.write(env, sealed.get(i));
            Path agency = keys.agencyDirectory(TestKeys.RECIPIENTS[i]);
            // Exactly the CONTRACT.md command line, on the files GatewayKeys wrote.
            Openssl.Result result = Openssl.run(work, "openssl cms -decrypt -inform DER -recip " + agency.resolve("cert.pem")
                    + " -inkey " + agency.resolve("key.pem") + " -in " + env
                    + " | openssl cms -verify -inform DER -CAfile " + keys.caFile());
            assertThat(result.exitCode()).as("openssl for %s: %s", TestKeys.RECIPIENTS[i], result.stderr()).isZero();
            assertThat(result.stderr()).contains("Verification successful");
            assertThat(result.stdout()).as("openssl output for %s", TestKeys.RECIPIENTS[i]).isEqualTo(content);
            assertThat(CmsEnvelope.decryptAndVerify(sealed.get(i), keys.recipients[i], ca)).isEqualTo(content);
        }
        assertThat(sealed.get(0)).isNotEqualTo(sealed.get(1));
    }

    @Test
    void anotherRecipientsKeyCannotOpenIt() throws Exception {
        byte[] content = content(5_000, 3);
        byte[] forLaDerby = envelope.signAndEncrypt(content, keys.recipients[0].certificate());

        for (KeyMaterial other : List.of(keys.recipients[1], keys.recipients[2], keys.outsider)) {
            InvalidEnvelopeException refused = catchThrowableOfType(InvalidEnvelopeException.class,
                    () -> CmsEnvelope.decryptAndVerify(forLaDerby, other, ca));
            assertThat(refused.reason()).isEqualTo(Reason.NOT_FOR_RECIPIENT);
            assertThat(refused).hasMessageContaining("not addressed to");
        }
        // Someone holding another key who claims la-derby's certificate still cannot decrypt.
        KeyMaterial impostor = new KeyMaterial(keys.recipients[1].privateKey(), keys.recipients[0].certificate());
        assertThat(catchThrowableOfType(InvalidEnvelopeException.class,
                () -> CmsEnvelope.decryptAndVerify(forLaDerby, impostor, ca)).reason()).isEqualTo(Reason.CANNOT_DECRYPT);

        Path env = work.resolve("env.der");
        Files.write(env, forLaDerby);
        Path gp = keys.agencyDirectory(TestKeys.RECIPIENTS[1]);
        Openssl.Result byGp = Openssl.run(work, "openssl cms -decrypt -inform DER -recip " + gp.resolve("cert.pem")
                + " -inkey " + gp.resolve("key.pem") + " -in " + env + " | openssl cms -verify -inform DER -CAfile " + keys.caFile());
        assertThat(byGp.exitCode()).isNotZero();
        assertThat(byGp.stdout()).isEmpty();
        // Without -recip OpenSSL tries the key on every recipient info and, when none opens, decrypts with a random key
        // (its countermeasure to padding oracles). About one time in 256 that garbage happens to unpad, and OpenSSL then
        // exits 0, so only the output is asserted: never the content.
        Openssl.Result keyOnly = Openssl.run(work, "openssl cms -decrypt -inform DER -inkey " + gp.resolve("key.pem") + " -in " + env);
        assertThat(keyOnly.stdout()).isNotEqualTo(content);
    }

    @Test
    void oneFlippedByteAnywhereInTheCiphertextIsRefused() throws Exception {
        byte[] content = content(3_000, 4);
        byte[] sealed = envelope.signAndEncrypt(content, keys.recipients[0].certificate());
        byte[] ciphertext = EnvelopedData.getInstance(ContentInfo.getInstance(ASN1Primitive.fromByteArray(sealed)).getContent())
                .getEncryptedContentInfo().getEncryptedContent().getOctets();
        int start = sealed.length - ciphertext.length;
        assertThat(Arrays.copyOfRange(sealed, start, sealed.length)).as("DER puts the ciphertext last").isEqualTo(ciphertext);

        // One position in every AES block (a different byte of each), so the garbled block lands in every part of the
        // SignedData in turn: its header, the content, the signer certificate, the signed attributes, the signature, the padding.
        List<Integer> positions = new ArrayList<>();
        for (int block = 0; block * 16 < ciphertext.length; block++) {
            positions.add(start + block * 16 + block % 16);
        }
        positions.add(sealed.length - 1);
        List<Reason> reasons = new ArrayList<>();
        for (int position : positions) {
            byte[] tampered = sealed.clone();
            tampered[position] ^= (byte) (1 << (position % 8));
            InvalidEnvelopeException refused = catchThrowableOfType(InvalidEnvelopeException.class,
                    () -> CmsEnvelope.decryptAndVerify(tampered, keys.recipients[0], ca));
            assertThat(refused).as("byte %d of %d flipped", position, sealed.length).isNotNull();
            reasons.add(refused.reason());
        }
        assertThat(reasons).doesNotContain(Reason.NOT_FOR_RECIPIENT, Reason.MALFORMED)
                .contains(Reason.BAD_SIGNATURE);
        assertThat(CmsEnvelope.decryptAndVerify(sealed, keys.recipients[0], ca)).as("the original still opens").isEqualTo(content);
    }

    @Test
    void aSignerNotIssuedByTheCaIsUntrusted() throws Exception {
        byte[] content = content(2_000, 5);
        byte[] forged = new CmsEnvelope(keys.rogue.signer()).signAndEncrypt(content, keys.recipients[0].certificate());

        InvalidEnvelopeException refused = catchThrowableOfType(InvalidEnvelopeException.class,
                () -> CmsEnvelope.decryptAndVerify(forged, keys.recipients[0], ca));
        assertThat(refused.reason()).isEqualTo(Reason.UNTRUSTED_SIGNER);
        assertThat(refused).hasMessageContaining("untrusted signer");
        // The same envelope is fine for whoever trusts the rogue CA: what failed is trust, not the signature.
        assertThat(CmsEnvelope.decryptAndVerify(forged, keys.recipients[0], keys.rogue.caCertificate())).isEqualTo(content);

        Path env = work.resolve("forged.der");
        Files.write(env, forged);
        Path agency = keys.agencyDirectory(TestKeys.RECIPIENTS[0]);
        Openssl.Result result = Openssl.run(work, "openssl cms -decrypt -inform DER -recip " + agency.resolve("cert.pem")
                + " -inkey " + agency.resolve("key.pem") + " -in " + env + " | openssl cms -verify -inform DER -CAfile " + keys.caFile());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("Verification failure");
    }

    @Test
    void garbageIsMalformed() {
        assertThat(catchThrowableOfType(InvalidEnvelopeException.class,
                () -> CmsEnvelope.decryptAndVerify(new byte[] {1, 2, 3}, keys.recipients[0], ca)).reason()).isEqualTo(Reason.MALFORMED);
        assertThat(catchThrowableOfType(InvalidEnvelopeException.class,
                () -> CmsEnvelope.decryptAndVerify(new byte[0], keys.recipients[0], ca)).reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void noRecipientsNoEnvelopes() {
        assertThat(envelope.signAndEncrypt(new byte[10], List.of())).isEmpty();
        assertThatThrownBy(() -> envelope.signAndEncrypt(null, keys.recipients[0].certificate()))
                .isInstanceOf(NullPointerException.class);
    }
}
