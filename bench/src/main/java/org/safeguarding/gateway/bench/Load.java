package org.safeguarding.gateway.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntToDoubleFunction;

/**
 * The load drivers the HTTP benches share: a closed loop (fixed concurrency, as fast as answers come), an open loop (a
 * fixed rate, each request timed from when it was due, so that a slow answer cannot hide the queue behind it), their
 * percentiles, and a warm-up in rounds until the rate settles.
 */
final class Load {

    /** Threads of the open loop: enough that a few slow answers do not hold the requests due behind them. */
    private static final int OPEN_LOOP_THREADS = 48;

    private Load() {}

    /** One request; {@code n} counts from 0 across the loop's threads. True when it succeeded; an exception is an error too. */
    interface Operation {
        boolean run(long n) throws Exception;
    }

    /** What a loop did: requests (errors included), errors, elapsed seconds and each request's latency, sorted. */
    record Result(long count, long errors, double seconds, long[] sortedNanos) {
        double perSecond() {
            return count / seconds;
        }

        double percentile(int p) {
            return Load.percentile(sortedNanos, p);
        }

        /** Several runs of the same loop as one: their requests over their summed time. */
        static Result pooled(List<Result> runs) {
            return new Result(runs.stream().mapToLong(Result::count).sum(), runs.stream().mapToLong(Result::errors).sum(),
                    runs.stream().mapToDouble(Result::seconds).sum(),
                    runs.stream().flatMapToLong(r -> Arrays.stream(r.sortedNanos())).sorted().toArray());
        }
    }

    /** A closed loop's state every so often, for a progress line. */
    record Progress(long done, long errors, double seconds, long intervalDone, double intervalSeconds) {
        double intervalPerSecond() {
            return intervalDone / intervalSeconds;
        }
    }

    /** The p-th percentile in milliseconds (nearest rank) of sorted nanoseconds; NaN for none. */
    static double percentile(long[] sortedNanos, int p) {
        return sortedNanos.length == 0 ? Double.NaN
                : sortedNanos[Math.min(sortedNanos.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1))] / 1e6;
    }

    static Result closedLoop(int seconds, int concurrency, Operation operation) throws InterruptedException {
        return closedLoop(Duration.ofSeconds(seconds), concurrency, operation);
    }

    static Result closedLoop(Duration duration, int concurrency, Operation operation) throws InterruptedException {
        return closedLoop(concurrency, Long.MAX_VALUE, duration, true, operation, null, null, () -> true);
    }

    /**
     * {@code total} operations by {@code concurrency} threads as fast as they are answered, reporting every {@code every},
     * stopping early when {@code more} says no (checked before each operation); latencies are not kept (a soak's millions
     * would only cost memory), so the result has none.
     */
    static Result closedLoop(long total, int concurrency, Operation operation, Duration every, Consumer<Progress> progress, BooleanSupplier more)
            throws InterruptedException {
        return closedLoop(concurrency, total, null, false, operation, every, progress, more);
    }

    private static Result closedLoop(int concurrency, long total, Duration duration, boolean keepLatencies, Operation operation,
            Duration every, Consumer<Progress> progress, BooleanSupplier more) throws InterruptedException {
        long start = System.nanoTime();
        long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Latencies latencies = new Latencies(keepLatencies);
        CountDownLatch finished = workers(concurrency, "closed-loop-", () -> {
            long n;
            while ((duration == null || System.nanoTime() - end < 0) && more.getAsBoolean() && (n = next.getAndIncrement()) < total) {
                long t0 = System.nanoTime();
                if (!succeeds(operation, n)) {
                    errors.incrementAndGet();
                }
                latencies.add(System.nanoTime() - t0);
                done.incrementAndGet();
            }
        });
        long lastDone = 0;
        long lastAt = start;
        long period = every == null ? 0 : every.toNanos();
        while (!finished.await(period == 0 ? 1000 : Math.max(1, period / 1_000_000), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (progress != null) {
                long now = System.nanoTime();
                long d = done.get();
                progress.accept(new Progress(d, errors.get(), (now - start) / 1e9, d - lastDone, (now - lastAt) / 1e9));
                lastDone = d;
                lastAt = now;
            }
        }
        return new Result(done.get(), errors.get(), (System.nanoTime() - start) / 1e9, latencies.sorted());
    }

    /** {@code rate} requests a second for {@code seconds}. */
    static Result fixedRate(int rate, int seconds, Operation operation) throws InterruptedException {
        return fixedRate(rate, (long) rate * seconds, () -> true, operation);
    }

    /** {@code rate} requests a second while {@code more} says so (checked before each request is sent). */
    static Result fixedRate(int rate, BooleanSupplier more, Operation operation) throws InterruptedException {
        return fixedRate(rate, Long.MAX_VALUE, more, operation);
    }

    private static Result fixedRate(int rate, long total, BooleanSupplier more, Operation operation) throws InterruptedException {
        long start = System.nanoTime() + 50_000_000L;
        long interval = 1_000_000_000L / rate;
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Latencies latencies = new Latencies(true);
        CountDownLatch finished = workers(OPEN_LOOP_THREADS, "open-loop-", () -> {
            long i;
            while ((i = next.getAndIncrement()) < total) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (!more.getAsBoolean()) {
                    break;
                }
                if (!succeeds(operation, i)) {
                    errors.incrementAndGet();
                }
                latencies.add(System.nanoTime() - due);
                done.incrementAndGet();
            }
        });
        finished.await();
        return new Result(done.get(), errors.get(), (System.nanoTime() - start) / 1e9, latencies.sorted());
    }

    /**
     * Rounds until the rate stops rising: the JIT compiles a gateway's hot paths over minutes on two cores, so a short
     * warm-up measures a gateway younger than any in service. Three rounds in a row none of which beats the best before it
     * by more than {@code tolerance} end it, or {@code maxRounds}. Rounds merely close to each other were seen mid-climb:
     * 751 then 778 lookups/s, and the soak that followed ran at 1,865 and then 2,350/s; two rounds within 5 % at 1,054/s,
     * and the gateway reached 1,472/s after the soak (#14).
     *
     * @param tolerance e.g. 0.1: a tenth
     * @param round runs round r (from 1) and answers its rate
     * @return the rounds run
     */
    static int warmUp(int maxRounds, double tolerance, String unit, IntToDoubleFunction round) {
        double best = 0;
        int notRising = 0;
        for (int r = 1; r <= maxRounds; r++) {
            double rate = round.applyAsDouble(r);
            System.out.printf("  warm-up round %d: %.1f %s%n", r, rate, unit);
            notRising = r >= 2 && rate <= best * (1 + tolerance) ? notRising + 1 : 0;
            best = Math.max(best, rate);
            if (notRising == 3) {
                return r;
            }
        }
        return maxRounds;
    }

    /** {@code count} daemon threads each running {@code loop}; the latch opens when all have ended. */
    private static CountDownLatch workers(int count, String name, Runnable loop) {
        CountDownLatch finished = new CountDownLatch(count);
        for (int t = 0; t < count; t++) {
            Thread thread = new Thread(() -> {
                try {
                    loop.run();
                } finally {
                    finished.countDown();
                }
            }, name + t);
            thread.setDaemon(true);
            thread.start();
        }
        return finished;
    }

    private static boolean succeeds(Operation operation, long n) {
        try {
            return operation.run(n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            noteError(e.toString());
            return false;
        }
    }

    private static final AtomicLong NOTED = new AtomicLong();
    private static final int ERRORS_SHOWN = 20;

    /** An error worth seeing: the first {@value #ERRORS_SHOWN} of a run go to stderr, the rest are only counted. */
    static void noteError(String what) {
        long n = NOTED.incrementAndGet();
        if (n <= ERRORS_SHOWN) {
            System.err.println("error: " + what + (n == ERRORS_SHOWN ? " (later errors are counted, not shown)" : ""));
        }
    }

    /** Latencies (or moments) from many threads, in chunks so that a loop's 100,000 answers do not box 100,000 Longs. */
    static final class Latencies {
        private final boolean keep;
        private long[] values = new long[4096];
        private int size;

        Latencies(boolean keep) {
            this.keep = keep;
        }

        synchronized void add(long nanos) {
            if (!keep) {
                return;
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }

        synchronized int size() {
            return size;
        }

        /** How many of the values are from {@code from} (inclusive) to {@code to}. */
        synchronized long between(long from, long to) {
            return Arrays.stream(values, 0, size).filter(t -> t >= from && t < to).count();
        }
    }
}
