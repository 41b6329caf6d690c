package org.safeguarding.gateway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.security.GeneralSecurityException;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.safeguarding.gateway.security.crypto.GatewayKeys;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.safeguarding.gateway.security.crypto.KeyMaterial;

/**
 * One inbox fan-out: 1 MB signed once by the gateway and encrypted to 8 agencies (AES-256-CBC, RSA-OAEP SHA-256),
 * by {@link CmsEnvelope} and, as the baseline, by the {@code openssl cms} command line on the same keys and certificates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CmsBenchmark {

    static final int CONTENT_BYTES = 1 << 20;
    private static final AlgorithmIdentifier OAEP_SHA256 = oaepSha256();
    /** Key transport as CmsEnvelope does it, so that both sides do the same RSA work. */
    private static final List<String> OAEP = List.of("-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256",
            "-keyopt", "rsa_mgf1_md:sha256");

    private byte[] content;
    private List<X509Certificate> recipients;
    private CmsEnvelope envelope;
    private KeyMaterial signing;

    private Path work;
    private List<String> opensslSign;
    private List<List<String>> opensslEncryptEach;
    private List<String> opensslEncryptAll;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchKeys keys = BenchKeys.loadOrCreate();
        content = new byte[CONTENT_BYTES];
        new Random(20261126).nextBytes(content);
        recipients = keys.agencies.stream().map(KeyMaterial::certificate).toList();
        envelope = new CmsEnvelope(keys.gateway.signer());
        signing = keys.gateway.signer();

        // OpenSSL's files go to memory (tmpfs) where there is one, as the Java side's envelopes stay in memory.
        Path shm = Path.of("/dev/shm");
        work = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "cms-bench")
                : Files.createTempDirectory("cms-bench");
        Path contentFile = Files.write(work.resolve("content.bin"), content);
        Path signed = work.resolve("signed.der");
        opensslSign = List.of("openssl", "cms", "-sign", "-binary", "-nodetach", "-md", "sha256",
                "-signer", keys.signingCertFile().toString(), "-inkey", keys.signingKeyFile().toString(),
                "-in", contentFile.toString(), "-outform", "DER", "-out", signed.toString());
        opensslEncryptEach = new ArrayList<>();
        List<String> all = new ArrayList<>(List.of("openssl", "cms", "-encrypt", "-binary", "-aes256", "-in", signed.toString(),
                "-outform", "DER", "-out", work.resolve("env-all.der").toString()));
        for (int i = 0; i < BenchKeys.AGENCIES.size(); i++) {
            String cert = keys.agencyDirectory(BenchKeys.AGENCIES.get(i)).resolve("cert.pem").toString();
            List<String> one = new ArrayList<>(List.of("openssl", "cms", "-encrypt", "-binary", "-aes256", "-in", signed.toString(),
                    "-outform", "DER", "-out", work.resolve("env-" + i + ".der").toString(), "-recip", cert));
            one.addAll(OAEP);
            opensslEncryptEach.add(List.copyOf(one));
            all.addAll(List.of("-recip", cert));
            all.addAll(OAEP);
        }
        opensslEncryptAll = List.copyOf(all);

        // Every shape measured here must be real: each opens and verifies with CmsEnvelope, back to the content.
        opensslPerRecipient();
        opensslOneMultiRecipient();
        int lastIndex = keys.agencies.size() - 1;
        KeyMaterial last = keys.agencies.get(lastIndex);
        byte[] byOpenssl = CmsEnvelope.decryptAndVerify(Files.readAllBytes(work.resolve("env-" + lastIndex + ".der")), last,
                keys.gateway.caCertificate());
        byte[] byOpensslMulti = CmsEnvelope.decryptAndVerify(Files.readAllBytes(work.resolve("env-all.der")), last,
                keys.gateway.caCertificate());
        byte[] byJava = CmsEnvelope.decryptAndVerify(javaBcCms().get(lastIndex), last, keys.gateway.caCertificate());
        byte[] byJavaMulti = CmsEnvelope.decryptAndVerify(javaBcCmsOneMultiRecipient(), last, keys.gateway.caCertificate());
        if (!Arrays.equals(byOpenssl, content) || !Arrays.equals(byOpensslMulti, content) || !Arrays.equals(byJava, content)
                || !Arrays.equals(byJavaMulti, content)) {
            throw new IllegalStateException("the benchmarked envelopes do not open to the content");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> paths = Files.walk(work)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** What the gateway does: sign once, encrypt once per recipient, all in memory. */
    @Benchmark
    public List<byte[]> javaBcCms() {
        return envelope.signAndEncrypt(content, recipients);
    }

    /**
     * For comparison with {@link #opensslOneMultiRecipient}, not what the gateway sends: Bouncy Castle's own generators
     * (JDK providers), one envelope whose single AES pass is shared by 8 recipient infos, so every recipient sees who else
     * received it.
     */
    @Benchmark
    public byte[] javaBcCmsOneMultiRecipient() throws Exception {
        CMSSignedDataGenerator signer = new CMSSignedDataGenerator();
        signer.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder(GatewayKeys.signatureAlgorithm(signing.privateKey())).build(signing.privateKey()), signing.certificate()));
        signer.addCertificates(new JcaCertStore(List.of(signing.certificate())));
        byte[] signed = signer.generate(new CMSProcessableByteArray(content), true).getEncoded(ASN1Encoding.DER);
        CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
        for (X509Certificate recipient : recipients) {
            generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient, OAEP_SHA256));
        }
        return generator.generate(new CMSProcessableByteArray(signed),
                new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).build()).toASN1Structure().getEncoded(ASN1Encoding.DER);
    }

    /** The same work with the OpenSSL CLI: one signing process, then one encrypting process per recipient. */
    @Benchmark
    public void opensslPerRecipient() {
        run(opensslSign);
        for (List<String> encrypt : opensslEncryptEach) {
            run(encrypt);
        }
    }

    /** Less work: one envelope with 8 recipient infos (content encrypted once), not 8 envelopes. */
    @Benchmark
    public void opensslOneMultiRecipient() {
        run(opensslSign);
        run(opensslEncryptAll);
    }

    /** How much of each OpenSSL figure is only starting a process. */
    @Benchmark
    public void opensslProcessOnly() {
        run(List.of("openssl", "version"));
    }

    private static AlgorithmIdentifier oaepSha256() {
        try {
            return new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP,
                    new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(work.resolve("openssl.err").toFile())
                    .start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("exit " + exit + " from " + String.join(" ", command) + ": "
                        + Files.readString(work.resolve("openssl.err")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
