package org.safeguarding.gateway.bench;

import static org.safeguarding.gateway.bench.BenchHttp.get;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.safeguarding.gateway.bench.BenchHttp.Token;
import org.safeguarding.gateway.bench.Load.Result;

/**
 * Load driver for police DV notifications against a running gateway (bench/run dv starts one).
 * Measures, in one run and side by side:
 * <ul>
 *   <li>the baseline: authenticated durable plan writes (PUT /api/v1/plans/{id}: one row plus its
 *       audit record), the cheapest durable write the same stack offers;</li>
 *   <li>DV notifications accepted durably (202: schema, idempotency, outbox, receipt), per second;</li>
 *   <li>how fast the burst is routed, and end-to-end latency at a steady 50 notifications/s (far above
 *       a force's real volume) from the 202 until the copy is in both the local authority's and the
 *       school's inboxes (matching, enrichment, signing and encryption, broker, inbox).</li>
 * </ul>
 * Usage: DvLoad gatewayUrl keycloakUrl seconds concurrency
 */
public final class DvLoad {

    private static final Pattern REFERENCE = Pattern.compile("\"reference\":\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    private DvLoad() {}

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String keycloak = args[1];
        int seconds = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        String tokenUrl = BenchHttp.tokenUrl(keycloak);
        Token police = BenchHttp.client(tokenUrl, "police-system");
        Token socialCare = BenchHttp.client(tokenUrl, "la-derby-system");
        Token la = BenchHttp.user(tokenUrl, "sw.derby");
        Token school = BenchHttp.user(tokenUrl, "dsl.derby");
        InboxTally laInbox = new InboxTally(gateway + DV_INBOX, url -> get(url, la));
        InboxTally schoolInbox = new InboxTally(gateway + DV_INBOX, url -> get(url, school));

        // Warmed until acceptance settles, each round routed before the next: the JIT compiles a gateway's hot paths over
        // minutes on two cores (JFR: a compiler thread busy the whole of a burst that followed 10 s of warm-up, some
        // 11,000 methods compiled meanwhile, the crypto still in its slow tiers), so a short warm-up measures a gateway
        // younger than any in service.
        System.out.println("warming up: rounds of plan writes and notifications until acceptance settles...");
        long[][] settled = new long[1][];
        Load.warmUp(MAX_WARM_UP_ROUNDS, 0.1, "notifications accepted/s", r -> {
            try {
                run(Duration.ofSeconds(WARM_UP_SECONDS / 2), concurrency, n -> putPlan(gateway, socialCare, "WARM-" + r + "-" + n));
                Result warm = run(Duration.ofSeconds(WARM_UP_SECONDS), concurrency,
                        n -> submit(gateway, police, "WARM-" + r + "-" + n + "-" + System.nanoTime()));
                settled[0] = settledTotals(laInbox, schoolInbox); // the round's notifications routed before the next round or phase
                return warm.perSecond();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long[] before = settled[0];
        System.out.printf("baseline phase: plan writes for %d s...%n", seconds);
        Result baseline = run(Duration.ofSeconds(seconds), concurrency, n -> putPlan(gateway, socialCare, "BENCH-" + System.nanoTime() + "-" + n));
        Map<String, Long> burst = new ConcurrentHashMap<>();
        System.out.printf("burst phase: DV notifications for %d s, then until all are routed...%n", seconds);
        Result dv = run(Duration.ofSeconds(seconds), concurrency, n -> accept(gateway, police, n, burst));
        long routedWhileAccepting = Math.min(laInbox.count() - before[0], schoolInbox.count() - before[1]);
        long drainStart = System.nanoTime();
        if (awaitInBoth(laInbox, schoolInbox, before, burst.size(), Duration.ofMinutes(10)) < burst.size()) {
            throw new IllegalStateException("the burst was not routed within 10 minutes");
        }
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;

        System.out.printf("steady phase: %d notifications/s for %d s...%n", STEADY_RATE, seconds);
        Map<String, Long> steady = new ConcurrentHashMap<>();
        Map<String, Long> inLa = new ConcurrentHashMap<>();
        Map<String, Long> inSchool = new ConcurrentHashMap<>();
        // the inboxes are watched while notifications go in: the newest 50 of each inbox are read every 20 ms (at 50/s about one new message a read)
        Thread watcher = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    seen(gateway, la, steady, inLa);
                    seen(gateway, school, steady, inSchool);
                    Thread.sleep(20);
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        watcher.start();
        long start = System.nanoTime();
        for (int i = 0; i < STEADY_RATE * seconds; i++) {
            long due = start + i * (1_000_000_000L / STEADY_RATE);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            accept(gateway, police, i, steady);
        }
        Instant until = Instant.now().plusSeconds(60);
        while ((inLa.size() < steady.size() || inSchool.size() < steady.size()) && Instant.now().isBefore(until)) {
            Thread.sleep(100);
        }
        watcher.interrupt();
        watcher.join();
        // what the watcher may have missed (a message pushed out of the newest 50 during a slow read) is still counted here
        long expected = burst.size() + steady.size();
        awaitInBoth(laInbox, schoolInbox, before, expected, Duration.ofSeconds(60));
        long inBoth = Math.min(laInbox.recount() - before[0], schoolInbox.recount() - before[1]); // exact: the whole inboxes walked
        long[] steadyLatency = latencies(steady, inLa, inSchool);

        System.out.println();
        System.out.printf("%-62s %10s %10s %10s%n", "", "ops/s", "p50 ms", "p99 ms");
        System.out.printf("%-62s %10.1f %10.1f %10.1f%n", "baseline: PUT plan (durable write + audit)", baseline.perSecond(),
                baseline.percentile(50), baseline.percentile(99));
        System.out.printf("%-62s %10.1f %10.1f %10.1f%n", "DV notifications accepted (202, durable), closed loop", dv.perSecond(),
                dv.percentile(50), dv.percentile(99));
        System.out.printf("%-62s %10.1f %10s %10s%n", "DV routed to LA and school inboxes (burst drained)", burst.size() / (seconds + drainSeconds),
                "", "");
        System.out.printf("%-62s %10d %10.1f %10.1f%n", "DV end to end at a steady rate: 202 -> LA and school inboxes", STEADY_RATE,
                Load.percentile(steadyLatency, 50), Load.percentile(steadyLatency, 99));
        System.out.printf("burst: %d accepted in %d s, all in both inboxes %.1f s after the burst ended%n", burst.size(), seconds,
                drainSeconds);
        System.out.printf("routing: %d in both inboxes when the burst ended (%.1f/s while accepting), the other %d at %.1f/s after%n",
                routedWhileAccepting, routedWhileAccepting / dv.seconds(), burst.size() - routedWhileAccepting,
                (burst.size() - routedWhileAccepting) / drainSeconds);
        System.out.printf("steady: %d accepted, %d seen in both inboxes by the watcher (polled every 20 ms); burst and steady: %d of %d in both"
                + " inboxes by their totals%n", steady.size(), steadyLatency.length, inBoth, expected);
        System.out.printf("DV acceptance / baseline throughput: %.2f; concurrency %d, %d s per phase%n",
                dv.perSecond() / baseline.perSecond(), concurrency, seconds);
        System.out.printf("errors: baseline %d, burst %d%n", baseline.errors(), dv.errors());
    }

    private static final int STEADY_RATE = 50;
    private static final int WARM_UP_SECONDS = 20;
    private static final int MAX_WARM_UP_ROUNDS = 6;
    private static final String DV_INBOX = "/api/v1/inbox?type=dv-notification";
    /** How long both tallies may stay short without progress before they are recounted by whole walks. */
    private static final Duration STALLED = Duration.ofSeconds(10);

    /** The inbox totals once the warm-up's notifications have all arrived (unchanged for a second). */
    private static long[] settledTotals(InboxTally la, InboxTally school) throws IOException, InterruptedException {
        long[] last = {-1, -1};
        while (true) {
            long[] now = {la.count(), school.count()};
            if (now[0] == last[0] && now[1] == last[1] && now[0] == now[1]) {
                return now;
            }
            last = now;
            Thread.sleep(1000);
        }
    }

    private static void accept(String gateway, Token police, long n, Map<String, Long> acceptedAt) throws IOException, InterruptedException {
        String body = submit(gateway, police, "BENCH-" + System.nanoTime() + "-" + n);
        Matcher id = ID.matcher(body);
        if (id.find()) {
            acceptedAt.put(id.group(1), System.nanoTime());
        }
    }

    /**
     * Waits until both inboxes hold {@code expected} messages more than {@code before}, or {@code timeout} has passed, and
     * returns how many more both hold. Tallies that make no progress for {@link #STALLED} are recounted by whole walks, so
     * a copy their short walks passed over cannot keep the wait going.
     */
    private static long awaitInBoth(InboxTally la, InboxTally school, long[] before, long expected, Duration timeout)
            throws IOException, InterruptedException {
        Instant until = Instant.now().plus(timeout);
        Instant progressed = Instant.now();
        long last = -1;
        long inBoth;
        while ((inBoth = Math.min(la.count() - before[0], school.count() - before[1])) < expected && Instant.now().isBefore(until)) {
            if (inBoth != last) {
                last = inBoth;
                progressed = Instant.now();
            } else if (Instant.now().isAfter(progressed.plus(STALLED))) {
                la.recount();
                school.recount();
                progressed = Instant.now();
            }
            Thread.sleep(250);
        }
        return inBoth;
    }

    /** Accepted-to-in-both-inboxes times, sorted. */
    private static long[] latencies(Map<String, Long> acceptedAt, Map<String, Long> inLa, Map<String, Long> inSchool) {
        return acceptedAt.entrySet().stream().filter(a -> inLa.containsKey(a.getKey()) && inSchool.containsKey(a.getKey()))
                .mapToLong(a -> Math.max(inLa.get(a.getKey()), inSchool.get(a.getKey())) - a.getValue()).sorted().toArray();
    }

    private static void seen(String gateway, Token token, Map<String, Long> accepted, Map<String, Long> seen) throws IOException,
            InterruptedException {
        String body = get(gateway + "/api/v1/inbox?type=dv-notification&size=50", token);
        long now = System.nanoTime();
        Matcher m = REFERENCE.matcher(body);
        while (m.find()) {
            if (accepted.containsKey(m.group(1))) {
                seen.putIfAbsent(m.group(1), now);
            }
        }
    }

    interface Operation {
        void run(long n) throws Exception;
    }

    /** A closed loop of operations; one that throws is an error (counted, the first few shown). */
    private static Result run(Duration duration, int concurrency, Operation operation) throws InterruptedException {
        return Load.closedLoop(duration, concurrency, n -> {
            operation.run(n);
            return true;
        });
    }

    private static void putPlan(String gateway, Token token, String planId) throws IOException, InterruptedException {
        String body = "{\"nhsNumber\":\"9995341654\",\"type\":\"CPP\",\"startDate\":\"2026-01-05\",\"localAuthority\":\"la-derby\","
                + "\"child\":{\"givenName\":\"Bench\",\"familyName\":\"Child\",\"birthDate\":\"2016-09-03\"}}";
        if (GatewayApi.putPlan(gateway, token, planId, body) != 201) {
            throw new IllegalStateException("plan " + planId + " was not new");
        }
    }

    private static String submit(String gateway, Token token, String reference) throws IOException, InterruptedException {
        return GatewayApi.submitDv(gateway, token, reference, "9997709144", "Ava", "Ashdown", "2019-04-12");
    }

}
