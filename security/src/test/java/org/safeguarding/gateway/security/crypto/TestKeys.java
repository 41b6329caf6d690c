package org.safeguarding.gateway.security.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One set of keys (an RSA-3072 CA and agencies, the P-256 signer) for every crypto test in the JVM: generating them is the slow part (about half a second
 * each), so the envelope tests and properties share them. The directory is removed when the JVM exits.
 */
final class TestKeys {

    static final String[] RECIPIENTS = {"la-derby", "gp-derby-central", "police-derbyshire"};

    final Path dataDirectory;
    final GatewayKeys gateway;
    final KeyMaterial[] recipients = new KeyMaterial[RECIPIENTS.length];
    /** An agency the gateway knows, never addressed in the tests. */
    final KeyMaterial outsider;
    /** A complete second gateway: its signer is not issued by {@link #gateway}'s CA. */
    final GatewayKeys rogue;

    private static TestKeys instance;

    static synchronized TestKeys get() {
        if (instance == null) {
            instance = new TestKeys();
        }
        return instance;
    }

    private TestKeys() {
        try {
            dataDirectory = Files.createTempDirectory("gateway-crypto-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dataDirectory)));
        gateway = GatewayKeys.loadOrCreate(dataDirectory);
        for (int i = 0; i < RECIPIENTS.length; i++) {
            recipients[i] = gateway.agencyKeys(RECIPIENTS[i], agencyDirectory(RECIPIENTS[i]));
        }
        outsider = gateway.agencyKeys("hv-derby", agencyDirectory("hv-derby"));
        rogue = GatewayKeys.loadOrCreate(dataDirectory.resolve("rogue"));
    }

    Path caFile() {
        return dataDirectory.resolve("gateway-ca.pem");
    }

    Path agencyDirectory(String orgId) {
        return dataDirectory.resolve("agencies").resolve(orgId);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is no reason to fail
        }
    }
}
