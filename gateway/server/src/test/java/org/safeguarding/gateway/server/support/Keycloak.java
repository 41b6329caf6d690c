package org.safeguarding.gateway.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The real Keycloak, started once per test run on a free port with the realm from seeds/ (the
 * same realm ./run imports), and stopped when the JVM exits. Tests reach it through {@link #get()}
 * (Spring tests from their property source, others through {@link KeycloakExtension}).
 */
public final class Keycloak {

    public static final String REALM = "safeguarding";
    public static final String ADMIN_USER = "test-admin";
    public static final String ADMIN_PASSWORD = "test-admin-" + System.nanoTime();

    private static Keycloak instance;

    private final int port;
    private final Process process;

    private Keycloak(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    public static synchronized Keycloak get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
        }
        return instance;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public String issuer() {
        return baseUrl() + "/realms/" + REALM;
    }

    /** The demo realm's secret of the console's client ({@code gateway-console}), as ./run reads it. */
    public static String consoleSecret() {
        Path seeds = Path.of(System.getProperty("seeds.directory", "../../seeds"));
        try {
            var client = tools.jackson.databind.json.JsonMapper.builder().build()
                    .readTree(Files.readString(seeds.resolve("keycloak/safeguarding-realm.json"))).get("clients");
            for (var c : client) {
                if (c.path("clientId").asText().equals("gateway-console")) {
                    return c.path("secret").asText();
                }
            }
            throw new IllegalStateException("the demo realm has no client gateway-console");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    private static Keycloak start() {
        Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak-26.7.3"));
        Path seeds = Path.of(System.getProperty("seeds.directory", "../../seeds"));
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("Keycloak is not unpacked at " + home.toAbsolutePath()
                    + " (./mvnw verify unpacks it in pre-integration-test)");
        }
        try {
            // a fresh database each run: realm import is IGNORE_EXISTING, so a changed realm needs one
            deleteRecursively(home.resolve("data/h2"));
            Path imports = Files.createDirectories(home.resolve("data/import"));
            // the demo realm's console returns to port 8080; the tests' gateways listen on free ports
            String realm = Files.readString(seeds.resolve("keycloak/safeguarding-realm.json"))
                    .replace("\"http://localhost:8080/login/oauth2/code/keycloak\"", "\"http://localhost:*\"")
                    .replace("\"post.logout.redirect.uris\": \"http://localhost:8080/signed-out\"", "\"post.logout.redirect.uris\": \"http://localhost:*\"")
                    // nor may its back-channel logouts reach a ./run on :8080: a test that wants them points them at its gateway
                    .replace("\"http://localhost:8080/logout/connect/back-channel/keycloak\"", "\"\"");
            Files.writeString(imports.resolve("safeguarding-realm.json"), realm);
            int port = freePort();
            Path log = home.resolve("test-keycloak.log");
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-port=" + port, "--hostname=http://localhost:" + port, "--import-realm",
                    "--http-management-port=" + freePort())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            Process process = builder.start();
            Keycloak keycloak = new Keycloak(port, process);
            keycloak.awaitRealm(log);
            return keycloak;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitRealm(Path log) {
        HttpClient http = HttpClient.newHttpClient();
        URI wellKnown = URI.create(issuer() + "/.well-known/openid-configuration");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited while starting; see " + log.toAbsolutePath());
            }
            try {
                if (http.send(HttpRequest.newBuilder(wellKnown).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException("Keycloak did not start within 3 minutes; see " + log.toAbsolutePath());
    }

    private void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
