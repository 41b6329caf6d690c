package org.safeguarding.gateway.server.support;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.safeguarding.gateway.security.crypto.Pem;

/**
 * An agency's own system receiving pushed copies over real HTTPS (a certificate for localhost from
 * a test CA the gateway is told to trust). It can be switched to refuse, and it records every
 * attempt so tests can see the back-off and count what it accepted per Message-Id.
 */
public final class PushReceiver {

    private static PushReceiver instance;

    private final HttpsServer server;
    private final Path trustedCa;
    private volatile int answer = 200;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();

    public record Attempt(String messageId, Instant at, int answered) {}

    public static synchronized PushReceiver get() {
        if (instance == null) {
            instance = new PushReceiver();
        }
        return instance;
    }

    private PushReceiver() {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            KeyPair caKeys = rsa.generateKeyPair();
            X509Certificate ca = certificate(new X500Name("CN=Push receiver test CA"), caKeys, new X500Name("CN=Push receiver test CA"),
                    caKeys, true);
            KeyPair serverKeys = rsa.generateKeyPair();
            X509Certificate serverCert = certificate(new X500Name("CN=localhost"), serverKeys, new X500Name("CN=Push receiver test CA"),
                    caKeys, false);
            trustedCa = Files.createTempFile("push-receiver-ca", ".pem");
            Files.writeString(trustedCa, Pem.encode(ca));

            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", serverKeys.getPrivate(), new char[0], new X509Certificate[] {serverCert, ca});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);

            server = HttpsServer.create(new InetSocketAddress("localhost", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            server.createContext("/inbound", exchange -> {
                String id = exchange.getRequestHeaders().getFirst("Message-Id");
                exchange.getRequestBody().readAllBytes();
                int status = answer;
                attempts.add(new Attempt(id, Instant.now(), status));
                if (status / 100 == 2) {
                    accepted.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys, boolean ca)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException, IOException {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), subject, subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (!ca) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    }

    public String url() {
        return "https://localhost:" + server.getAddress().getPort() + "/inbound";
    }

    public Path trustedCa() {
        return trustedCa;
    }

    public void answer(int status) {
        this.answer = status;
    }

    public List<Attempt> attemptsFor(String messageId) {
        return attempts.stream().filter(a -> messageId.equals(a.messageId())).toList();
    }

    public int acceptedCount(String messageId) {
        AtomicInteger count = accepted.get(messageId);
        return count == null ? 0 : count.get();
    }
}
