package org.safeguarding.gateway.security.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * The DER encoding of a CMS ContentInfo around one large octet string (the signed content, or the ciphertext), kept
 * apart as header and trailer: the caller allocates the whole structure once and copies or encrypts the large part
 * straight into it. Every field but the large one is encoded by Bouncy Castle; only the tags and lengths of the
 * structures that contain it are written here. Re-encoding with Bouncy Castle gives the same bytes (the tests check).
 */
final class DerFrame {

    private static final int SEQUENCE = 0x30;
    private static final int CONTEXT_0_CONSTRUCTED = 0xA0;
    private static final int CONTEXT_0_PRIMITIVE = 0x80;
    private static final int OCTET_STRING = 0x04;

    private final byte[] header;
    private final int contentLength;
    private final byte[] trailer;

    private DerFrame(byte[] header, int contentLength, byte[] trailer) {
        this.header = header;
        this.contentLength = contentLength;
        this.trailer = trailer;
    }

    /**
     * ContentInfo { signedData, [0] EXPLICIT SignedData { version, digestAlgorithms,
     * EncapsulatedContentInfo { id-data, [0] EXPLICIT OCTET STRING content }, [0] IMPLICIT certificates?,
     * [1] IMPLICIT crls?, signerInfos } } (RFC 5652 section 5.1), the other fields taken from the same SignedData
     * generated detached: the signature covers the content's digest, not how it is carried.
     */
    static DerFrame signedData(SignedData detached, int contentLength) throws IOException {
        byte[] version = detached.getVersion().getEncoded(ASN1Encoding.DER);
        byte[] digestAlgorithms = detached.getDigestAlgorithms().getEncoded(ASN1Encoding.DER);
        byte[] dataType = CMSObjectIdentifiers.data.getEncoded(ASN1Encoding.DER);
        byte[] octetsHeader = tagAndLength(OCTET_STRING, contentLength);
        long octets = octetsHeader.length + (long) contentLength;
        byte[] explicitContentHeader = tagAndLength(CONTEXT_0_CONSTRUCTED, octets);
        long encapContentInfo = dataType.length + explicitContentHeader.length + octets;
        byte[] encapContentInfoHeader = tagAndLength(SEQUENCE, encapContentInfo);

        ByteArrayOutputStream trailer = new ByteArrayOutputStream(4096);
        if (detached.getCertificates() != null) {
            trailer.write(new DERTaggedObject(false, 0, detached.getCertificates()).getEncoded(ASN1Encoding.DER));
        }
        if (detached.getCRLs() != null) {
            trailer.write(new DERTaggedObject(false, 1, detached.getCRLs()).getEncoded(ASN1Encoding.DER));
        }
        trailer.write(detached.getSignerInfos().getEncoded(ASN1Encoding.DER));
        byte[] tail = trailer.toByteArray();

        long signedData = version.length + digestAlgorithms.length + encapContentInfoHeader.length + encapContentInfo + tail.length;
        byte[] header = contentInfo(CMSObjectIdentifiers.signedData.getEncoded(ASN1Encoding.DER), signedData,
                version, digestAlgorithms, encapContentInfoHeader, dataType, explicitContentHeader, octetsHeader);
        return new DerFrame(header, contentLength, tail);
    }

    /**
     * ContentInfo { envelopedData, [0] EXPLICIT EnvelopedData { version, recipientInfos,
     * EncryptedContentInfo { id-data, contentEncryptionAlgorithm, [0] IMPLICIT OCTET STRING ciphertext } } }
     * (RFC 5652 section 6.1; no originatorInfo, no unprotectedAttrs).
     */
    static DerFrame envelopedData(ASN1Set recipientInfos, AlgorithmIdentifier contentEncryptionAlgorithm, int ciphertextLength)
            throws IOException {
        byte[] version = new ASN1Integer(EnvelopedData.calculateVersion(null, recipientInfos, null)).getEncoded(ASN1Encoding.DER);
        byte[] infos = recipientInfos.getEncoded(ASN1Encoding.DER);
        byte[] dataType = CMSObjectIdentifiers.data.getEncoded(ASN1Encoding.DER);
        byte[] algorithm = contentEncryptionAlgorithm.getEncoded(ASN1Encoding.DER);
        byte[] ciphertextHeader = tagAndLength(CONTEXT_0_PRIMITIVE, ciphertextLength);

        long encryptedContentInfo = (long) dataType.length + algorithm.length + ciphertextHeader.length + ciphertextLength;
        byte[] encryptedContentInfoHeader = tagAndLength(SEQUENCE, encryptedContentInfo);
        long envelopedData = version.length + infos.length + encryptedContentInfoHeader.length + encryptedContentInfo;
        byte[] header = contentInfo(CMSObjectIdentifiers.envelopedData.getEncoded(ASN1Encoding.DER), envelopedData,
                version, infos, encryptedContentInfoHeader, dataType, algorithm, ciphertextHeader);
        return new DerFrame(header, ciphertextLength, new byte[0]);
    }

    /** ContentInfo { contentType, [0] EXPLICIT SEQUENCE (of innerLength octets, the first of which are innerHeaderParts) }. */
    private static byte[] contentInfo(byte[] contentType, long innerLength, byte[]... innerHeaderParts) {
        byte[] innerHeader = tagAndLength(SEQUENCE, innerLength);
        long explicit = innerHeader.length + innerLength;
        byte[] explicitHeader = tagAndLength(CONTEXT_0_CONSTRUCTED, explicit);
        long contentInfo = contentType.length + explicitHeader.length + explicit;
        byte[] contentInfoHeader = tagAndLength(SEQUENCE, contentInfo);
        if (contentInfoHeader.length + contentInfo > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("too large for one CMS structure: " + contentInfo + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        out.writeBytes(contentInfoHeader);
        out.writeBytes(contentType);
        out.writeBytes(explicitHeader);
        out.writeBytes(innerHeader);
        for (byte[] part : innerHeaderParts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    int headerLength() {
        return header.length;
    }

    int contentLength() {
        return contentLength;
    }

    /** The whole structure with header and trailer written; the content's place, from {@link #headerLength()}, still zeros. */
    byte[] allocate() {
        byte[] whole = new byte[header.length + contentLength + trailer.length];
        System.arraycopy(header, 0, whole, 0, header.length);
        System.arraycopy(trailer, 0, whole, header.length + contentLength, trailer.length);
        return whole;
    }

    /** DER identifier octet and definite length: short form below 128, else the fewest big-endian octets. */
    static byte[] tagAndLength(int tag, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        if (length < 0x80) {
            return new byte[] {(byte) tag, (byte) length};
        }
        int octets = (64 - Long.numberOfLeadingZeros(length) + 7) / 8;
        byte[] encoded = new byte[2 + octets];
        encoded[0] = (byte) tag;
        encoded[1] = (byte) (0x80 | octets);
        for (int i = 0; i < octets; i++) {
            encoded[2 + i] = (byte) (length >>> (8 * (octets - 1 - i)));
        }
        return encoded;
    }
}
