package org.safeguarding.gateway.security.audit;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Objects;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;

/**
 * RFC 3161 time-stamps over bytes (the audit trail's signed checkpoints): {@link #stamp} asks a TSA for a token over
 * the SHA-256 of the data, {@link #verify} checks a stored token against the data, offline.
 *
 * <p>As in {@code crypto.CmsEnvelope}: Bouncy Castle builds and parses the structures, the JDK's providers compute
 * SHA-256 and RSA, no provider is registered. Verification trusts the TSA certificate the token carries (its signature
 * and its critical id-kp-timeStamping usage are checked, its issuer is not): the subject is returned for the caller to
 * show or compare. Thread-safe.
 */
public final class TimeStamps {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BITS = 64;
    private static final String[] STATUS_NAMES = {"granted", "grantedWithMods", "rejection", "waiting", "revocationWarning",
        "revocationNotification"};

    private TimeStamps() {}

    /**
     * A time-stamp token over SHA-256({@code data}) from {@code tsa}, DER (a CMS SignedData ContentInfo), to be stored
     * beside the data. The answer must be granted, carry this request's imprint and nonce, and pass {@link #verify}, so
     * that nothing is stored that could not be verified later.
     *
     * @throws TimeStampException naming the failure: the transport, the TSA's refusal (with its status text), an answer
     *     that is not a TimeStampResp, or one that does not match the request
     */
    public static byte[] stamp(TimeStampAuthority tsa, byte[] data) {
        Objects.requireNonNull(tsa, "tsa");
        Objects.requireNonNull(data, "data");
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(NISTObjectIdentifiers.id_sha256, sha256(data), new BigInteger(NONCE_BITS, RANDOM));

        byte[] answer;
        try {
            answer = tsa.exchange(request.getEncoded());
        } catch (IOException e) {
            throw new TimeStampException("time-stamp request failed (transport): " + e.getMessage(), e);
        }
        if (answer == null || answer.length == 0) {
            throw new TimeStampException("time-stamp request failed: the TSA's answer is empty");
        }

        TimeStampResponse response;
        try {
            response = new TimeStampResponse(answer);
        } catch (TSPException | IOException | RuntimeException e) {
            throw new TimeStampException("time-stamp request failed: the TSA's answer is not a TimeStampResp: " + e.getMessage(), e);
        }
        int status = response.getStatus();
        if (status != PKIStatus.GRANTED && status != PKIStatus.GRANTED_WITH_MODS) {
            throw new TimeStampException("time-stamp refused by the TSA: status " + statusName(status)
                    + ", \"" + Objects.toString(response.getStatusString(), "") + "\""
                    + (response.getFailInfo() == null ? "" : ", failInfo " + response.getFailInfo()));
        }
        try {
            response.validate(request);
        } catch (TSPException | RuntimeException e) {
            // BC names it: "response for different message imprint digest.", "response contains wrong nonce value." ...
            throw new TimeStampException("time-stamp response does not match the request: " + e.getMessage(), e);
        }
        byte[] token;
        try {
            token = response.getTimeStampToken().getEncoded();
        } catch (IOException e) {
            throw new TimeStampException("cannot encode the time-stamp token: " + e.getMessage(), e);
        }
        verify(token, data);
        return token;
    }

    /**
     * Checks {@code tokenDer} (from {@link #stamp}) against {@code data}: the imprint is SHA-256 of the data, the token is
     * signed by the TSA certificate it carries, and that certificate is for time-stamping only (critical extended key
     * usage id-kp-timeStamping) and was valid at the stamped time.
     *
     * @throws TimeStampException with a precise message ("time-stamp is over different data", "time-stamp signature
     *     invalid: ...", "no TSA certificate in the time-stamp", ...)
     */
    public static StampedTime verify(byte[] tokenDer, byte[] data) {
        Objects.requireNonNull(tokenDer, "tokenDer");
        Objects.requireNonNull(data, "data");
        CMSSignedData signed;
        TimeStampToken token;
        try {
            signed = new CMSSignedData(tokenDer);
            token = new TimeStampToken(signed);
        } catch (CMSException | TSPException | IOException | RuntimeException e) {
            throw new TimeStampException("not a time-stamp token: " + e.getMessage(), e);
        }
        // BC reads the content as SignedData whatever the ContentInfo says.
        if (!CMSObjectIdentifiers.signedData.equals(signed.toASN1Structure().getContentType())) {
            throw new TimeStampException("not a time-stamp token: content type " + signed.toASN1Structure().getContentType());
        }
        TimeStampTokenInfo info = token.getTimeStampInfo();
        if (!NISTObjectIdentifiers.id_sha256.equals(info.getMessageImprintAlgOID())) {
            throw new TimeStampException("time-stamp imprint is not SHA-256 but " + info.getMessageImprintAlgOID());
        }
        if (!MessageDigest.isEqual(sha256(data), info.getMessageImprintDigest())) {
            throw new TimeStampException("time-stamp is over different data");
        }

        X509CertificateHolder holder = tsaCertificate(token);
        requireTimeStampingOnly(holder);
        if (!holder.isValidOn(info.getGenTime())) {
            throw new TimeStampException("TSA certificate " + holder.getSubject() + " was not valid at the stamped time " + info.getGenTime().toInstant());
        }
        X509Certificate certificate;
        try {
            certificate = new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException e) {
            throw new TimeStampException("unreadable TSA certificate in the time-stamp: " + e.getMessage(), e);
        }
        try {
            // Without a provider the verifier uses the JDK's SHA-256 and RSA. Checks the ESS signing-certificate hash too.
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
        } catch (TSPException | OperatorCreationException | RuntimeException e) {
            throw new TimeStampException("time-stamp signature invalid: " + e.getMessage(), e);
        }
        return new StampedTime(info.getGenTime().toInstant(), certificate.getSubjectX500Principal().getName());
    }

    private static X509CertificateHolder tsaCertificate(TimeStampToken token) {
        Collection<X509CertificateHolder> matches;
        try {
            @SuppressWarnings("unchecked") // SignerId is a Selector<X509CertificateHolder> in all but its declaration
            Collection<X509CertificateHolder> found = token.getCertificates().getMatches(token.getSID());
            matches = found;
        } catch (RuntimeException e) {
            throw new TimeStampException("no TSA certificate in the time-stamp: unreadable certificates: " + e.getMessage(), e);
        }
        if (matches.isEmpty()) {
            throw new TimeStampException("no TSA certificate in the time-stamp");
        }
        if (matches.size() > 1) {
            throw new TimeStampException("the time-stamp carries " + matches.size() + " certificates matching its signer");
        }
        return matches.iterator().next();
    }

    /** RFC 3161 2.3: one extended key usage, id-kp-timeStamping, and the extension critical. */
    private static void requireTimeStampingOnly(X509CertificateHolder certificate) {
        Extension extension = certificate.getExtension(Extension.extendedKeyUsage);
        if (extension == null) {
            throw new TimeStampException("TSA certificate " + certificate.getSubject() + " has no extended key usage");
        }
        if (!extension.isCritical()) {
            throw new TimeStampException("TSA certificate " + certificate.getSubject() + ": extended key usage is not critical");
        }
        ExtendedKeyUsage usage;
        try {
            usage = ExtendedKeyUsage.getInstance(extension.getParsedValue());
        } catch (RuntimeException e) {
            throw new TimeStampException("TSA certificate " + certificate.getSubject() + ": unreadable extended key usage", e);
        }
        if (usage.size() != 1 || !usage.hasKeyPurposeId(KeyPurposeId.id_kp_timeStamping)) {
            throw new TimeStampException("TSA certificate " + certificate.getSubject() + " is not for time-stamping only");
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PKIStatus names of RFC 3161 2.4.2, for messages. */
    private static String statusName(int status) {
        return status >= 0 && status < STATUS_NAMES.length ? STATUS_NAMES[status] : Integer.toString(status);
    }
}
