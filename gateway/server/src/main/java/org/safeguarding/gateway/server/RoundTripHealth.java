package org.safeguarding.gateway.server;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health by doing the real thing: a write and a read-back through the part, within a deadline, so that a part which
 * accepts connections but can no longer store anything is reported DOWN (and the load balancer takes the node out)
 * within seconds.
 *
 * <p>The round trip runs on a thread of its own and is waited for, never interrupted: a stuck store must not hold
 * the health request's thread, and an interrupted thread inside the store is what used to close it. While one round
 * trip is stuck the next health request finds it still running and reports DOWN without starting another. A result is
 * reused for a second, so polling health as fast as it can be asked costs one write a second.
 */
abstract class RoundTripHealth implements HealthIndicator {

    private static final long REUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String part;
    private final Duration deadline;
    private final ExecutorService thread;
    private Future<?> running;
    private Health last;
    private long lastAt;

    RoundTripHealth(String part, Duration deadline) {
        this.part = part;
        this.deadline = deadline;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, part + "-health");
            t.setDaemon(true);
            return t;
        });
    }

    /** Writes and reads back through the part; throws when it cannot. */
    protected abstract void roundTrip() throws Exception;

    /** After a failed round trip, e.g. to drop connections that may be broken. */
    protected void afterFailure() {}

    @Override
    public synchronized Health health() {
        long now = System.nanoTime();
        if (last != null && now - lastAt < REUSE_NANOS) {
            return last;
        }
        if (running == null || running.isDone()) {
            running = thread.submit(() -> {
                roundTrip();
                return null;
            });
        }
        Health health;
        try {
            running.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            health = Health.up().build();
        } catch (TimeoutException e) {
            health = Health.down().withDetail(part, "no round trip within " + deadline.toMillis() + " ms").build();
        } catch (ExecutionException e) {
            afterFailure();
            health = Health.down().withDetail(part, String.valueOf(e.getCause())).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            health = Health.down().withDetail(part, "interrupted").build();
        }
        last = health;
        lastAt = System.nanoTime();
        return health;
    }
}
