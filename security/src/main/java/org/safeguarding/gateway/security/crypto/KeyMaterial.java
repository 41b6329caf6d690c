package org.safeguarding.gateway.security.crypto;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** A private key and the certificate for its public half. */
public record KeyMaterial(PrivateKey privateKey, X509Certificate certificate) {

    public KeyMaterial {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** Never print the key itself. */
    @Override
    public String toString() {
        return "KeyMaterial[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
