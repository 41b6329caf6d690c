package org.safeguarding.gateway.security.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM as OpenSSL writes and reads it: certificates as {@code CERTIFICATE}, private keys as unencrypted PKCS#8
 * {@code PRIVATE KEY}. Conversions use the JDK's own providers; Bouncy Castle only parses and formats.
 */
public final class Pem {

    private Pem() {
    }

    /** PEM text of an {@link X509Certificate} or a {@link PrivateKey} (PKCS#8). */
    public static String encode(Object certificateOrPrivateKey) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (certificateOrPrivateKey instanceof X509Certificate certificate) {
                writer.writeObject(certificate);
            } else if (certificateOrPrivateKey instanceof PrivateKey key) {
                // JcaPEMWriter alone would write an RSA key as PKCS#1 "RSA PRIVATE KEY"; PKCS#8 is what the contract names.
                writer.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                throw new IllegalArgumentException("not a certificate or private key: "
                        + (certificateOrPrivateKey == null ? "null" : certificateOrPrivateKey.getClass().getName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** The first certificate in the PEM text. */
    public static X509Certificate readCertificate(String pem) {
        if (pem == null) {
            throw new IllegalArgumentException("no PEM text");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    return new JcaX509CertificateConverter().getCertificate(holder);
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no CERTIFICATE block in the PEM text");
    }

    public static X509Certificate readCertificate(Path file) {
        try {
            return readCertificate(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The first unencrypted private key in the file: PKCS#8 {@code PRIVATE KEY} or PKCS#1 {@code RSA PRIVATE KEY}. */
    public static PrivateKey readPrivateKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a PEM private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(file + ": no unencrypted PRIVATE KEY block");
    }

    /** Replaces the file atomically; a private key's file is readable by its owner only (POSIX 600). */
    public static void write(Path file, Object certificateOrPrivateKey) {
        String pem = encode(certificateOrPrivateKey);
        AtomicFiles.write(file, pem.getBytes(StandardCharsets.US_ASCII), certificateOrPrivateKey instanceof PrivateKey);
    }
}
