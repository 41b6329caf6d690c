package org.safeguarding.gateway.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.safeguarding.gateway.security.crypto.GatewayKeys;
import org.safeguarding.gateway.security.crypto.KeyMaterial;

/**
 * The gateway's keys and eight demo agencies, made by {@link GatewayKeys} in a directory that outlives the JMH forks:
 * {@link Main} creates them once, every fork reloads them (RSA-3072 generation would otherwise cost each fork seconds).
 */
final class BenchKeys {

    static final String DIRECTORY_PROPERTY = "bench.keys";
    static final List<String> AGENCIES = List.of("la-derby", "la-nottingham", "ae-royal-derby", "gp-derby-central",
            "hv-derby", "police-derbyshire", "school-derby-primary", "ig-derby");

    final Path directory;
    final GatewayKeys gateway;
    final List<KeyMaterial> agencies = new ArrayList<>();

    private BenchKeys(Path directory) {
        this.directory = directory;
        this.gateway = GatewayKeys.loadOrCreate(directory);
        for (String agency : AGENCIES) {
            agencies.add(gateway.agencyKeys(agency, agencyDirectory(agency)));
        }
    }

    static BenchKeys loadOrCreate() {
        return new BenchKeys(directory());
    }

    static Path directory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        Path directory = configured != null ? Path.of(configured) : Path.of(System.getProperty("java.io.tmpdir"), "safeguarding-bench-keys");
        return directory.toAbsolutePath();
    }

    Path agencyDirectory(String agency) {
        return directory.resolve("agencies").resolve(agency);
    }

    Path caFile() {
        return directory.resolve("gateway-ca.pem");
    }

    Path signingKeyFile() {
        return directory.resolve("keys/gateway-signing-key.pem");
    }

    Path signingCertFile() {
        return directory.resolve("keys/gateway-signing-cert.pem");
    }
}
