package org.safeguarding.gateway.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as ./run --cluster starts it, through the same script (cluster/cluster): PostgreSQL, an Artemis live/backup
 * pair, two gateway nodes (the packaged jar) and HAProxy, each on a free port under a folder of this run's own, trusting the
 * test Keycloak. Parts are killed with SIGKILL and started again through the script.
 */
public final class ClusterOfNodes implements AutoCloseable {

    private static final Path SCRIPT = Path.of(System.getProperty("cluster.script", "../../cluster/cluster"));

    private final Path home = Path.of(System.getProperty("test.work", "target/it-work")).resolve("cluster-" + UUID.randomUUID())
            .toAbsolutePath();
    private final int lbPort = Keycloak.freePort();
    private final Map<String, String> environment;

    public ClusterOfNodes(String... nodeArguments) {
        environment = Map.ofEntries(
                Map.entry("CLUSTER_HOME", home.toString()),
                Map.entry("ARTEMIS_HOME", artemisHome().toString()),
                Map.entry("GATEWAY_JAR", Path.of(System.getProperty("gateway.jar", "target/gateway-server.jar")).toAbsolutePath().toString()),
                Map.entry("GATEWAY_ISSUER", Keycloak.get().issuer()),
                Map.entry("GATEWAY_CONSOLE_SECRET", Keycloak.consoleSecret()),
                Map.entry("GATEWAY_DEMO_DATA", GatewayIntegrationTest.SEEDS.resolve("demo").toAbsolutePath().toString()),
                Map.entry("GATEWAY_JAVA_OPTS", "-Xmx512m"),
                // ClusterIT's forces send notifications back to back from four threads, far faster than a force does: what it
                // measures is failover, not the rate limit (gateway.rate-limit.enabled; RateLimitIT holds the limit)
                Map.entry("GATEWAY_RATELIMIT_ENABLED", "false"),
                Map.entry("LB_PORT", String.valueOf(lbPort)),
                Map.entry("NODE_A_PORT", String.valueOf(Keycloak.freePort())),
                Map.entry("NODE_B_PORT", String.valueOf(Keycloak.freePort())),
                Map.entry("BROKER_A_PORT", String.valueOf(Keycloak.freePort())),
                Map.entry("BROKER_B_PORT", String.valueOf(Keycloak.freePort())),
                Map.entry("PG_PORT", String.valueOf(Keycloak.freePort())),
                Map.entry("NODE_ARGS", String.join(" ", nodeArguments)));
    }

    /** Creates and starts every part; returns once the load balancer answers health. */
    public ClusterOfNodes up() {
        script("up");
        return this;
    }

    /** Through the load balancer, as clients see the gateway. */
    public Api api() {
        return new Api("http://localhost:" + lbPort);
    }

    public Api node(String name) {
        return new Api("http://localhost:" + environment.get(name.equals("node-a") ? "NODE_A_PORT" : "NODE_B_PORT"));
    }

    /** SIGKILL: node-a, node-b, broker-a, broker-b or lb. */
    public void kill(String part) {
        script("kill", part);
    }

    /** Starts a part again; a node or the load balancer once it answers health. */
    public void start(String part) {
        script("start", part);
    }

    /** The broker serving now. */
    public String liveBroker() {
        return script("live-broker").strip();
    }

    /** What every node shares: the keys and the file drop. */
    public Path sharedDirectory() {
        return home.resolve("shared");
    }

    public String log(String part) {
        try {
            return Files.readString(home.resolve("logs").resolve(part + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        script("down");
    }

    private String script(String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toAbsolutePath().toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(home);
            builder.redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("script.log").toFile()));
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("cluster/cluster " + String.join(" ", arguments) + " failed; see " + home.resolve("script.log"));
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The Artemis distribution the build copied from Maven Central, unpacked once per build under target/. */
    private static synchronized Path artemisHome() {
        Path archive = Path.of(System.getProperty("artemis.archive", "target/artemis/apache-artemis-bin.tar.gz")).toAbsolutePath();
        Path unpacked = archive.getParent().resolve("unpacked");
        try {
            if (!Files.isDirectory(unpacked)) {
                Files.createDirectories(unpacked);
                Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", unpacked.toString()).inheritIO().start();
                if (tar.waitFor() != 0) {
                    throw new IllegalStateException("cannot unpack " + archive);
                }
            }
            try (var found = Files.list(unpacked)) {
                return found.filter(p -> p.getFileName().toString().startsWith("apache-artemis-")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no Artemis under " + unpacked));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
