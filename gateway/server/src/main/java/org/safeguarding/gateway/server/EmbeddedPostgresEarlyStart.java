package org.safeguarding.gateway.server;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts the embedded PostgreSQL as soon as the configuration is read, while Spring builds the context beside it.
 * Building the context takes about seven seconds on two cores and PostgreSQL's start (its crash recovery after a
 * SIGKILL) several more; one after the other they kept a restart on a soak's store above the 30 s it is allowed (#14).
 *
 * <p>Registered by {@link GatewayApplication#main}. Where it is not (a test's context), or the data folder the context
 * binds differs from the one read here, {@link #take} starts the server itself, as before.
 */
final class EmbeddedPostgresEarlyStart implements ApplicationListener<SpringApplicationEvent> {

    private static final Object LOCK = new Object();
    private static Path startedFor;
    private static CompletableFuture<EmbeddedPostgres> starting;

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            begin(prepared.getEnvironment());
        } else if (event instanceof ApplicationFailedEvent) {
            abandon(); // the context never took the server: stop it rather than leave it running
        }
    }

    /** The server started early for this data folder, once it takes connections; or one started now. */
    static EmbeddedPostgres take(Path dataDirectory) {
        Path wanted = dataDirectory.toAbsolutePath().normalize();
        CompletableFuture<EmbeddedPostgres> early;
        synchronized (LOCK) {
            early = wanted.equals(startedFor) ? starting : null;
            if (early != null) {
                starting = null;
                startedFor = null;
            }
        }
        if (early == null) {
            abandon();
            return EmbeddedPostgres.start(wanted);
        }
        try {
            return early.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    private static void begin(ConfigurableEnvironment environment) {
        ClusterConfiguration.refuseSingleNodeParts(environment);
        if (!environment.getProperty("spring.datasource.url", "").isEmpty()) {
            return; // a configured server: nothing to start
        }
        String data = environment.getProperty("gateway.data-directory");
        if (data == null || data.isBlank()) {
            return; // the binding will refuse the configuration with a clear message; nothing to do here
        }
        Path folder = Path.of(data).toAbsolutePath().normalize();
        CompletableFuture<EmbeddedPostgres> future = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                future.complete(EmbeddedPostgres.start(folder));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "embedded-postgres-start");
        starter.setDaemon(true);
        synchronized (LOCK) {
            startedFor = folder;
            starting = future;
        }
        starter.start();
    }

    private static void abandon() {
        CompletableFuture<EmbeddedPostgres> early;
        synchronized (LOCK) {
            early = starting;
            starting = null;
            startedFor = null;
        }
        if (early != null) {
            early.thenAccept(EmbeddedPostgres::close);
        }
    }
}
