package org.safeguarding.gateway.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway as a separate operating-system process (the packaged jar, as ./run starts it), so a
 * test can kill it with SIGKILL and start it again on the same data directory.
 */
public final class GatewayProcess implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private Process process;

    public GatewayProcess(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.port = Keycloak.freePort();
    }

    public Api api() {
        return new Api("http://localhost:" + port);
    }

    public GatewayProcess start(String... extraArguments) {
        Path jar = Path.of(System.getProperty("gateway.jar", "target/gateway-server.jar"));
        try {
            Files.createDirectories(dataDirectory);
            Path log = dataDirectory.resolve("gateway.log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-jar", jar.toString(), "--server.port=" + port, "--gateway.token-clock-skew=1s"));
            command.addAll(List.of(extraArguments));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("GATEWAY_DATA", dataDirectory.toString());
            builder.environment().put("GATEWAY_ISSUER", Keycloak.get().issuer());
            builder.environment().put("GATEWAY_CONSOLE_SECRET", Keycloak.consoleSecret());
            builder.environment().put("GATEWAY_DEMO_DATA", GatewayIntegrationTest.SEEDS.resolve("demo").toString());
            // RestartIT's bursts (ten threads of lookups back to back) are far faster than any partner's: what it measures is
            // what survives a kill, not the rate limit (gateway.rate-limit.enabled; RateLimitIT holds the limit)
            builder.environment().put("GATEWAY_RATELIMIT_ENABLED", "false");
            Files.writeString(log, "\n--- start " + Instant.now() + " ---\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = builder.start();
            awaitHealthy(log);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * SIGKILL: no shutdown hooks, no flushing, as a power cut or an OOM killer would leave it. The embedded PostgreSQL the
     * gateway started (a process of its own) is killed with it, so its crash recovery is part of the restart too.
     */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
            killEmbeddedPostgres(dataDirectory);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL to the PostgreSQL a gateway started on this data directory, and to its children, if it runs. */
    public static void killEmbeddedPostgres(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postgres/cluster/postmaster.pid");
        try {
            if (Files.exists(pidFile)) {
                ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip())).ifPresent(postmaster -> {
                    List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
                    all.add(0, postmaster);
                    all.forEach(ProcessHandle::destroyForcibly);
                    all.forEach(p -> p.onExit().join());
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitHealthy(Path log) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        Api api = api();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited while starting; see " + log);
            }
            try {
                if (api.get("/actuator/health", null).status() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Keycloak.sleep(250);
        }
        throw new IllegalStateException("the gateway did not become healthy within 2 minutes; see " + log);
    }
}
