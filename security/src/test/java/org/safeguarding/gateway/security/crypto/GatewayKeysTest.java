package org.safeguarding.gateway.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First start makes the CA, signing key and agency keys; later starts reload exactly those. */
class GatewayKeysTest {

    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";

    @TempDir
    static Path data;

    private static GatewayKeys first;

    @BeforeAll
    static void firstStart() {
        first = GatewayKeys.loadOrCreate(data);
    }

    @Test
    void theFirstCallWritesTheFilesTheContractNames() throws Exception {
        assertThat(data.resolve("gateway-ca.pem")).isRegularFile();
        assertThat(data.resolve("keys/gateway-ca-key.pem")).isRegularFile();
        assertThat(data.resolve("keys/gateway-signing-key.pem")).isRegularFile();
        assertThat(data.resolve("keys/gateway-signing-cert.pem")).isRegularFile();
        assertThat(Files.readString(data.resolve("keys/gateway-ca-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Pem.readCertificate(data.resolve("gateway-ca.pem"))).isEqualTo(first.caCertificate());
        if (data.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            for (String key : List.of("keys/gateway-ca-key.pem", "keys/gateway-signing-key.pem")) {
                assertThat(Files.getPosixFilePermissions(data.resolve(key))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            }
            assertThat(Files.getPosixFilePermissions(data.resolve("keys"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.getPosixFilePermissions(data.resolve("gateway-ca.pem"))).contains(
                    java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
        }
        try (Stream<Path> files = Files.walk(data)) {
            assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void theSecondCallReloadsTheSameKeys() {
        GatewayKeys again = GatewayKeys.loadOrCreate(data);
        assertThat(again.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(again.signer().certificate()).isEqualTo(first.signer().certificate());
        assertThat(again.signer().privateKey().getEncoded()).isEqualTo(first.signer().privateKey().getEncoded());
    }

    @Test
    void theCaIsASelfSignedRsa3072CaForTenYears() throws Exception {
        X509Certificate ca = first.caCertificate();
        ca.verify(ca.getPublicKey());
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=Safeguarding Gateway Demo CA");
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(((java.security.interfaces.RSAPublicKey) ca.getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getCriticalExtensionOIDs()).contains(BASIC_CONSTRAINTS, KEY_USAGE);
        boolean[] usage = ca.getKeyUsage();
        assertThat(usage[5]).as("keyCertSign").isTrue();
        assertThat(usage[6]).as("cRLSign").isTrue();
        assertThat(usage[0] || usage[2]).as("no end-entity usage").isFalse();
        assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()).toDays()).isBetween(3650L, 3654L);
    }

    @Test
    void theSigningCertificateIsIssuedByTheCaForSignaturesOnly() throws Exception {
        X509Certificate signing = first.signer().certificate();
        assertThat(signing.getSubjectX500Principal().getName()).isEqualTo("CN=Safeguarding Gateway Signing");
        assertChainsToCa(signing);
        assertThat(signing.getBasicConstraints()).isEqualTo(-1);
        assertThat(signing.getCriticalExtensionOIDs()).contains(KEY_USAGE);
        assertThat(signing.getKeyUsage()).startsWith(true, false, false, false, false, false, false);
        assertThat(signing.getExtendedKeyUsage()).as("no EKU, so openssl cms -verify accepts it").isNull();
        assertThat(Duration.between(signing.getNotBefore().toInstant(), signing.getNotAfter().toInstant()).toDays()).isBetween(730L, 732L);
        assertThat(GatewayKeys.publicKeyOf(first.signer().privateKey())).isEqualTo(signing.getPublicKey());
        assertThat(signing.getPublicKey()).isInstanceOf(java.security.interfaces.ECPublicKey.class);
        assertThat(((java.security.interfaces.ECPublicKey) signing.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .as("P-256").isEqualTo(256);
        assertThat(signing.getSigAlgName()).as("signed by the RSA CA").isEqualTo("SHA256withRSA");
    }

    @Test
    void anRsaSigningKeyAlreadyOnDiskIsKeptAndSignsCopies(@TempDir Path copy) throws Exception {
        copyTree(data, copy);
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(3072);
        java.security.PrivateKey older = rsa.generateKeyPair().getPrivate();
        Pem.write(copy.resolve("keys/gateway-signing-key.pem"), older);
        Files.delete(copy.resolve("keys/gateway-signing-cert.pem"));

        GatewayKeys restarted = GatewayKeys.loadOrCreate(copy);
        assertThat(restarted.signer().privateKey().getEncoded()).isEqualTo(older.getEncoded());
        assertChainsToCa(restarted.signer().certificate());
        KeyMaterial la = restarted.agencyKeys("la-derby", copy.resolve("agencies/la-derby"));
        byte[] envelope = new CmsEnvelope(restarted.signer()).signAndEncrypt("a copy".getBytes(), la.certificate());
        assertThat(CmsEnvelope.decryptAndVerify(envelope, la, restarted.caCertificate())).isEqualTo("a copy".getBytes());
    }

    @Test
    void agencyCertificatesChainToTheCaAndAreReloaded() throws Exception {
        Path directory = data.resolve("agencies/la-derby");
        KeyMaterial agency = first.agencyKeys("la-derby", directory);
        assertThat(directory.resolve("key.pem")).isRegularFile();
        assertThat(directory.resolve("cert.pem")).isRegularFile();
        X509Certificate cert = agency.certificate();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=la-derby");
        assertChainsToCa(cert);
        assertThat(cert.getKeyUsage()).startsWith(true, false, true);
        assertThat(GatewayKeys.publicKeyOf(agency.privateKey())).isEqualTo(cert.getPublicKey());

        KeyMaterial reloaded = GatewayKeys.loadOrCreate(data).agencyKeys("la-derby", directory);
        assertThat(reloaded.certificate()).isEqualTo(cert);
        assertThat(reloaded.privateKey().getEncoded()).isEqualTo(agency.privateKey().getEncoded());
    }

    @Test
    void aKeyLeftWithoutItsCertificateByACrashIsCertifiedAtTheNextStart(@TempDir Path copy) throws Exception {
        copyTree(data, copy);
        Files.delete(copy.resolve("keys/gateway-signing-cert.pem"));
        GatewayKeys restarted = GatewayKeys.loadOrCreate(copy);
        assertThat(restarted.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(restarted.signer().privateKey().getEncoded()).isEqualTo(first.signer().privateKey().getEncoded());
        assertThat(restarted.signer().certificate().getPublicKey()).isEqualTo(first.signer().certificate().getPublicKey());
        assertThat(restarted.signer().certificate()).isNotEqualTo(first.signer().certificate());
        assertChainsToCa(restarted.signer().certificate());
    }

    @Test
    void aCaCertificateWithoutItsKeyIsNeverSilentlyReplaced(@TempDir Path copy) throws Exception {
        copyTree(data, copy);
        Files.delete(copy.resolve("keys/gateway-ca-key.pem"));
        assertThatThrownBy(() -> GatewayKeys.loadOrCreate(copy))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gateway-ca-key.pem");
        assertThat(Pem.readCertificate(copy.resolve("gateway-ca.pem"))).isEqualTo(first.caCertificate());
    }

    @Test
    void pemRoundTripsAndRejectsGarbage() {
        String pem = Pem.encode(first.caCertificate());
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Pem.readCertificate(pem)).isEqualTo(first.caCertificate());
        assertThat(Pem.encode(first.signer().privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThatThrownBy(() -> Pem.readCertificate("not a certificate")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pem.readCertificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pem.encode("a string")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTraditionalRsaPrivateKeyIsReadToo(@TempDir Path dir) throws Exception {
        Path pkcs1 = dir.resolve("rsa.pem");
        java.io.StringWriter text = new java.io.StringWriter();
        try (org.bouncycastle.openssl.jcajce.JcaPEMWriter writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(text)) {
            writer.writeObject(rsaKey()); // JcaPEMWriter's own choice for an RSA key: PKCS#1
        }
        assertThat(text.toString()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        Files.writeString(pkcs1, text.toString());
        assertThat(Pem.readPrivateKey(pkcs1).getEncoded()).isEqualTo(rsaKey().getEncoded());
    }

    private static java.security.PrivateKey rsaKey() {
        return first.agencyKeys("la-derby", data.resolve("agencies/la-derby")).privateKey();
    }

    private static void assertChainsToCa(X509Certificate cert) throws Exception {
        X509Certificate ca = first.caCertificate();
        cert.verify(ca.getPublicKey());
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), parameters);
        assertThat(cert.getNotBefore().toInstant()).isBefore(Instant.now());
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
