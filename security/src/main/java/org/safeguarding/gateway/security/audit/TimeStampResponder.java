package org.safeguarding.gateway.security.audit;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * A minimal RFC 3161 responder for tests and demos: a fresh RSA-2048 key and a self-signed certificate (critical
 * extended key usage id-kp-timeStamping) made at {@link #create}, the local clock as the time source, a policy under the
 * example arc 2.999. It proves nothing about time to anyone else: never configure it as the gateway's TSA in production.
 *
 * <p>Answers every well-formed request for a supported digest with a granted token (ESSCertIDv2, the certificate
 * included when asked for), anything else with a rejection. The JDK's providers sign; none is registered. Thread-safe.
 */
public final class TimeStampResponder implements TimeStampAuthority {

    /** An OID under the example arc of X.660: no real TSA policy. */
    public static final ASN1ObjectIdentifier DEMO_POLICY = new ASN1ObjectIdentifier("2.999.3161.1");
    private static final String SIGNATURE_ALGORITHM = "SHA256withRSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final TimeStampResponseGenerator generator;
    private long serial;

    private TimeStampResponder(X509Certificate certificate, TimeStampResponseGenerator generator) {
        this.certificate = certificate;
        this.generator = generator;
    }

    /** A responder with its own new key and certificate, {@code CN=commonName}, valid from an hour ago for a year. */
    public static TimeStampResponder create(String commonName) {
        Objects.requireNonNull(commonName, "commonName");
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048, RANDOM);
            KeyPair keys = rsa.generateKeyPair();
            X509Certificate certificate = selfSigned(commonName, keys);
            DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                    new JcaSignerInfoGeneratorBuilder(digests)
                            .build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(keys.getPrivate()), certificate),
                    digests.get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)), DEMO_POLICY);
            tokens.addCertificates(new JcaCertStore(List.of(certificate)));
            return new TimeStampResponder(certificate, new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED));
        } catch (GeneralSecurityException | OperatorCreationException | TSPException | CertIOException e) {
            throw new IllegalStateException("cannot create a time-stamp responder", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The DER TimeStampResp to a DER TimeStampReq: granted, or a rejection naming what was wrong with the request. */
    @Override
    public synchronized byte[] exchange(byte[] timeStampRequestDer) {
        try {
            TimeStampRequest request;
            try {
                request = new TimeStampRequest(Objects.requireNonNull(timeStampRequestDer, "timeStampRequestDer"));
            } catch (IOException | RuntimeException e) {
                return generator.generateFailResponse(PKIStatus.REJECTION, PKIFailureInfo.badDataFormat,
                        "not a TimeStampReq: " + e.getMessage()).getEncoded();
            }
            // generate() answers a request it cannot serve (unknown digest, wrong length) with a rejection.
            return generator.generate(request, BigInteger.valueOf(++serial), new Date()).getEncoded();
        } catch (TSPException | IOException e) {
            throw new IllegalStateException("the time-stamp responder failed", e);
        }
    }

    private static X509Certificate selfSigned(String commonName, KeyPair keys)
            throws GeneralSecurityException, OperatorCreationException, CertIOException {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        Instant now = Instant.now();
        BigInteger serial = new BigInteger(159, RANDOM).add(BigInteger.ONE);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))), name, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping))
                .addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(keys.getPrivate())));
    }
}
