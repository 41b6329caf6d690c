package org.safeguarding.gateway.security.crypto;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The gateway's CA and signing key, generated on first start under a data directory, reloaded afterwards.
 *
 * <p>Layout: {@code <data>/gateway-ca.pem} (public, named by CONTRACT.md), {@code <data>/keys/gateway-ca-key.pem},
 * {@code <data>/keys/gateway-signing-key.pem}, {@code <data>/keys/gateway-signing-cert.pem}. Each file is written
 * atomically, a key before its certificate, so a crash leaves either nothing or a key without a certificate, and the
 * next start issues the missing certificate. Not meant for two processes sharing one data directory at once.
 *
 * <p>The CA and the agencies' keys are RSA-3072: agencies' keys take RSA-OAEP key transport, which every CMS reader
 * opens. The gateway's signing key is ECDSA P-256, of the same strength (128 bits, NIST SP 800-57), because every copy
 * sent is signed and an RSA-3072 signature costs about 3.6 ms of CPU here against 0.65 ms: at a few hundred copies a
 * second that is most of two cores. A signing key already on disk is kept whichever kind it is.
 */
public final class GatewayKeys {

    static final String CA_NAME = "Safeguarding Gateway Demo CA";
    static final String SIGNING_NAME = "Safeguarding Gateway Signing";
    private static final int RSA_BITS = 3072;
    private static final String EC_CURVE = "secp256r1";
    /** A leaf certificate this close to expiry is reissued (same key) at the next load. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum Profile {
        CA(KeyUsage.keyCertSign | KeyUsage.cRLSign, 10, false),
        SIGNING(KeyUsage.digitalSignature, 2, true),
        AGENCY(KeyUsage.keyEncipherment | KeyUsage.digitalSignature, 2, false);

        final int keyUsage;
        final int years;
        final boolean ellipticCurve;

        Profile(int keyUsage, int years, boolean ellipticCurve) {
            this.keyUsage = keyUsage;
            this.years = years;
            this.ellipticCurve = ellipticCurve;
        }
    }

    private final KeyMaterial ca;
    private final KeyMaterial signer;

    private GatewayKeys(KeyMaterial ca, KeyMaterial signer) {
        this.ca = ca;
        this.signer = signer;
    }

    public static GatewayKeys loadOrCreate(Path dataDirectory) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Path keys = dataDirectory.resolve("keys");
        AtomicFiles.createPrivateDirectory(keys);
        return AtomicFiles.exclusively(keys, () -> {
            KeyMaterial ca = loadOrCreateCa(dataDirectory.resolve("gateway-ca.pem"), keys.resolve("gateway-ca-key.pem"));
            KeyMaterial signer = loadOrIssue(ca, keys.resolve("gateway-signing-key.pem"),
                    keys.resolve("gateway-signing-cert.pem"), SIGNING_NAME, Profile.SIGNING);
            return new GatewayKeys(ca, signer);
        });
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    public KeyMaterial signer() {
        return signer;
    }

    /** Demo agencies: loads or creates {@code <directory>/key.pem} and {@code <directory>/cert.pem}, CN=orgId, issued by the CA. */
    public synchronized KeyMaterial agencyKeys(String orgId, Path directory) {
        if (orgId == null || orgId.isBlank()) {
            throw new IllegalArgumentException("orgId is required");
        }
        return AtomicFiles.exclusively(directory, () -> loadOrIssue(ca, directory.resolve("key.pem"), directory.resolve("cert.pem"), orgId,
                Profile.AGENCY));
    }

    private static KeyMaterial loadOrCreateCa(Path certFile, Path keyFile) {
        if (Files.exists(certFile)) {
            // Agencies may already trust this CA: never replace it silently.
            if (!Files.exists(keyFile)) {
                throw new IllegalStateException(certFile + " exists but its key " + keyFile
                        + " does not: restore the key, or delete both to create a new CA that every agency must then trust");
            }
            PrivateKey key = Pem.readPrivateKey(keyFile);
            X509Certificate certificate = Pem.readCertificate(certFile);
            if (!certificate.getPublicKey().equals(publicKeyOf(key))) {
                throw new IllegalStateException(keyFile + " is not the key of " + certFile);
            }
            return new KeyMaterial(key, certificate);
        }
        PrivateKey key = Files.exists(keyFile) ? Pem.readPrivateKey(keyFile) : generateAndWrite(keyFile, Profile.CA);
        PublicKey publicKey = publicKeyOf(key);
        X500Name name = name(CA_NAME);
        X509Certificate certificate = sign(name, publicKey, name, key, null, Profile.CA);
        Pem.write(certFile, certificate);
        return new KeyMaterial(key, certificate);
    }

    private static KeyMaterial loadOrIssue(KeyMaterial ca, Path keyFile, Path certFile, String commonName, Profile profile) {
        PrivateKey key = Files.exists(keyFile) ? Pem.readPrivateKey(keyFile) : generateAndWrite(keyFile, profile);
        PublicKey publicKey = publicKeyOf(key);
        X500Name subject = name(commonName);
        if (Files.exists(certFile)) {
            X509Certificate existing = Pem.readCertificate(certFile);
            if (stillGood(existing, publicKey, subject, profile, ca.certificate())) {
                return new KeyMaterial(key, existing);
            }
        }
        X509Certificate certificate = sign(subject, publicKey, issuerOf(ca.certificate()), ca.privateKey(), ca.certificate(), profile);
        Pem.write(certFile, certificate);
        return new KeyMaterial(key, certificate);
    }

    /** Same key, same name, same usage, issued by this CA and not about to expire. */
    private static boolean stillGood(X509Certificate certificate, PublicKey publicKey, X500Name subject, Profile profile,
            X509Certificate caCertificate) {
        try {
            certificate.verify(caCertificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            return false;
        }
        Instant now = Instant.now();
        return certificate.getPublicKey().equals(publicKey)
                && certificate.getSubjectX500Principal().equals(principal(subject))
                && certificate.getIssuerX500Principal().equals(caCertificate.getSubjectX500Principal())
                && Arrays.equals(certificate.getKeyUsage(), keyUsageBits(profile.keyUsage, certificate.getKeyUsage()))
                && !certificate.getNotBefore().toInstant().isAfter(now)
                && certificate.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE));
    }

    private static X509Certificate sign(X500Name subject, PublicKey publicKey, X500Name issuer, PrivateKey issuerKey,
            X509Certificate issuerCertificate, Profile profile) {
        Instant now = Instant.now();
        Date notBefore = Date.from(now.minus(CLOCK_SKEW));
        Date notAfter = Date.from(now.atOffset(ZoneOffset.UTC).plusYears(profile.years).toInstant());
        BigInteger serial = new BigInteger(159, RANDOM).add(BigInteger.ONE);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial, notBefore, notAfter, subject, publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(profile == Profile.CA))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(profile.keyUsage))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey));
            if (issuerCertificate != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(issuerCertificate));
            }
            // No extendedKeyUsage: `openssl cms -verify` rejects signers whose EKU lacks emailProtection.
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(signatureAlgorithm(issuerKey)).build(issuerKey)));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject, e);
        }
    }

    private static PrivateKey generateAndWrite(Path keyFile, Profile profile) {
        try {
            KeyPairGenerator generator;
            if (profile.ellipticCurve) {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec(EC_CURVE), RANDOM);
            } else {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(RSA_BITS, RANDOM);
            }
            KeyPair pair = generator.generateKeyPair();
            Pem.write(keyFile, pair.getPrivate());
            return pair.getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a key for " + keyFile, e);
        }
    }

    /** SHA-256 with the key's own algorithm: RSA (PKCS#1 v1.5, what every CMS and X.509 reader verifies) or ECDSA. */
    public static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            default -> throw new IllegalArgumentException("a signing key must be RSA or EC, not " + key.getAlgorithm());
        };
    }

    /** The public half of a private key, so that a key written before a crash can still be certified. */
    static PublicKey publicKeyOf(PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey ec) {
                // Q = d·G on the key's own curve; the JDK has no public API for the point multiplication
                org.bouncycastle.math.ec.ECPoint q = EC5Util.convertSpec(ec.getParams()).getG().multiply(ec.getS()).normalize();
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                        new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), ec.getParams()));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalArgumentException("expected an RSA private key with CRT parameters or an EC key, got " + key.getAlgorithm());
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static X500Name issuerOf(X509Certificate caCertificate) {
        return X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded());
    }

    private static X500Principal principal(X500Name name) {
        try {
            return new X500Principal(name.getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK reports keyUsage as nine booleans or more; compare only as many as it gave. */
    private static boolean[] keyUsageBits(int usage, boolean[] reported) {
        if (reported == null) {
            return new boolean[0];
        }
        KeyUsage keyUsage = new KeyUsage(usage);
        boolean[] bits = new boolean[reported.length];
        int[] flags = {KeyUsage.digitalSignature, KeyUsage.nonRepudiation, KeyUsage.keyEncipherment,
            KeyUsage.dataEncipherment, KeyUsage.keyAgreement, KeyUsage.keyCertSign, KeyUsage.cRLSign,
            KeyUsage.encipherOnly, KeyUsage.decipherOnly};
        for (int i = 0; i < Math.min(bits.length, flags.length); i++) {
            bits[i] = keyUsage.hasUsages(flags[i]);
        }
        return bits;
    }
}
