package org.safeguarding.gateway.bench;

import static org.safeguarding.gateway.bench.BenchHttp.HTTP;
import static org.safeguarding.gateway.bench.BenchHttp.get;
import static org.safeguarding.gateway.bench.Soak.knob;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.safeguarding.gateway.bench.BenchHttp.Token;
import org.safeguarding.gateway.bench.Load.Latencies;
import org.safeguarding.gateway.bench.Load.Result;

/**
 * Many nodes under failure (bench/run cluster, #18): a mixed load at fixed rates through the load balancer of the two-node
 * cluster ./run --cluster starts (CP lookups by A&E's system, DV notifications by a police force's system, documents by a
 * local authority's), while {@code cluster/cluster} kills node A with SIGKILL, later the live broker, and later starts both
 * again. A write answered 5xx or not at all is sent again as a real client would: a DV notification with the same
 * Idempotency-Key; a document as it was (the documents endpoint takes no key). After the load it waits for delivery to
 * settle, reads the recipients' inboxes and prints what was accepted, delivered, lost and delivered twice; the lookups'
 * errors and longest gap around each failure; the audit chain's verification; and lookup throughput as a closed-loop burst
 * at the load balancer with two nodes and with one, the mix running behind both alike.
 * Usage: ClusterBench gatewayUrl keycloakUrl clusterScript workDir (the script with bench/run's environment: CLUSTER_HOME,
 * ports). Knobs (environment): LOOKUP_RATE, DV_RATE, DOC_RATE, PHASE_SECONDS, LAST_PHASE_SECONDS, BURST_SECONDS, CONCURRENCY,
 * PLANS, WARM_UP_SECONDS, SETTLE_MINUTES (bench/run's usage says what each is).
 */
public final class ClusterBench {

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern VALID = Pattern.compile("\"valid\":(true|false)");
    private static final Pattern RECORDS = Pattern.compile("\"records\":(\\d+)");
    /** Who the documents go to: the core group given to the document plans (one agency, so one inbox holds every copy). */
    private static final String DOCUMENT_RECIPIENT = "hv-derby";
    private static final int DOCUMENT_PLANS = 20;
    private static final int DV_CHILDREN = 1_000;
    /** How long a client keeps sending a write that gets no 2xx (a 4xx is final). */
    private static final Duration RETRY_FOR = Duration.ofMinutes(5);
    private static final long RETRY_PAUSE_MILLIS = 250;

    private final String gateway;
    private final Path script;
    private final Report report;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final Writes dv = new Writes();
    private final Writes documents = new Writes();
    private final Latencies lookupsAnswered = new Latencies(true);
    private final Latencies lookupsFailed = new Latencies(true);
    private long loadStart;

    private ClusterBench(String gateway, Path script, Path work) throws IOException {
        this.gateway = gateway;
        this.script = script;
        this.report = new Report(work.resolve("cluster-results.txt"), true);
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        new ClusterBench(args[0], Path.of(args[2]), Path.of(args[3])).measure(args[1], Path.of(args[3]));
    }

    private void measure(String keycloak, Path work) throws Exception {
        int lookupRate = knob("LOOKUP_RATE", 200);
        int dvRate = knob("DV_RATE", 20);
        int docRate = knob("DOC_RATE", 1);
        int phase = knob("PHASE_SECONDS", 60);
        int lastPhase = knob("LAST_PHASE_SECONDS", 120);
        int burst = knob("BURST_SECONDS", 10);
        int concurrency = knob("CONCURRENCY", 16);
        int plans = knob("PLANS", 10_000);
        String tokenUrl = BenchHttp.tokenUrl(keycloak);
        Token ae = BenchHttp.client(tokenUrl, "ae-system");
        Token police = BenchHttp.client(tokenUrl, "police-system");
        Token socialCare = BenchHttp.client(tokenUrl, "la-derby-system");
        Token auditor = BenchHttp.user(tokenUrl, "auditor");
        report.line("cluster: through the load balancer %s, notifying CP lookups (ae-system) at %d/s, DV notifications (police-system) at"
                + " %d/s, documents (la-derby-system, 8 KB of text to %s) at %d/s; phases of %d s, the last %d s; bursts of %d s at"
                + " %d clients", gateway, lookupRate, dvRate, DOCUMENT_RECIPIENT, docRate, phase, lastPhase, burst, concurrency);

        // the register: la-derby plans through the batch upload, a few given a core group to receive the documents
        Path csv = work.resolve("cluster-plans.csv");
        String[] nhs = Plans.write(csv, plans, "CLUSTER-");
        GatewayApi.uploadBatch(gateway, socialCare, csv, 0, plans);
        List<Plans.Row> dvChildren = Plans.rows(csv, Math.min(plans, DV_CHILDREN));
        List<Plans.Row> documentPlans = dvChildren.subList(0, Math.min(DOCUMENT_PLANS, dvChildren.size()));
        for (Plans.Row row : documentPlans) {
            GatewayApi.putPlan(gateway, socialCare, row.planId(), GatewayApi.planJson(row, DOCUMENT_RECIPIENT));
        }
        byte[] document = Soak.synthetic(8 * 1024);
        report.line("loaded %,d plans of la-derby; %d of them with the core group %s", plans, documentPlans.size(), DOCUMENT_RECIPIENT);

        // the recipients' inboxes as their people read them: DV to the authority and the school, documents to health visiting
        List<Inbox> inboxes = List.of(
                new Inbox("DV notifications in la-derby's inbox (sw.derby)", "dv-notification", BenchHttp.user(tokenUrl, "sw.derby"), dv),
                new Inbox("DV notifications in the school's inbox (dsl.derby)", "dv-notification", BenchHttp.user(tokenUrl, "dsl.derby"), dv),
                new Inbox("documents in hv-derby's inbox (hv.derby)", "document", BenchHttp.user(tokenUrl, "hv.derby"), documents));

        // a warm-up of the same mix through both nodes; what it wrote is delivered before the inboxes are first read
        int warmUp = knob("WARM_UP_SECONDS", 30);
        report.line("warming up: %d s of the mix...", warmUp);
        Writes warmDv = new Writes();
        Writes warmDocuments = new Writes();
        Mix warm = new Mix(ae, police, socialCare, nhs, dvChildren, documentPlans, document, warmDv, warmDocuments, null, null, "WARM");
        long warmEnd = System.nanoTime() + warmUp * 1_000_000_000L;
        warm.run(lookupRate, dvRate, docRate, () -> System.nanoTime() - warmEnd < 0).await();
        for (Inbox inbox : inboxes) {
            inbox.settle(inbox.writes == dv ? warmDv : warmDocuments, Duration.ofMinutes(2));
            inbox.before.addAll(inbox.tally.copiesByReference().keySet());
        }

        // the load, and the failures at their times
        int seconds = 3 * phase + lastPhase;
        Mix mix = new Mix(ae, police, socialCare, nhs, dvChildren, documentPlans, document, dv, documents, lookupsAnswered, lookupsFailed,
                "LOAD");
        report.section(String.format("load: %d s from %s UTC (the times below from then)", seconds, Instant.now()));
        loadStart = System.nanoTime();
        long loadEnd = loadStart + seconds * 1_000_000_000L;
        Running load = mix.run(lookupRate, dvRate, docRate, () -> System.nanoTime() - loadEnd < 0);
        Supplier<Result> lookupBurst = () -> {
            try {
                return Load.closedLoop(burst, concurrency, n -> GatewayApi.lookup(gateway, ae, nhs, false));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        sleepUntil(phase - burst - 10);
        Result twoNodes = at("burst at the load balancer, two nodes", lookupBurst);
        sleepUntil(phase);
        long nodeKilled = event("SIGKILL node-a", () -> cluster("kill", "node-a"));
        sleepUntil(2 * phase - burst - 10);
        Result oneNode = at("burst at the load balancer, node-a down (node-b alone)", lookupBurst);
        sleepUntil(2 * phase);
        String live = cluster("live-broker").trim();
        long brokerKilled = event("SIGKILL the live broker, " + live, () -> cluster("kill", live));
        String backup = "";
        while (backup.isEmpty() && System.nanoTime() - brokerKilled < phase * 1_000_000_000L) {
            Thread.sleep(200);
            backup = cluster("live-broker").trim();
        }
        report.line("  %6.1f s: the live broker now: %s", offset(System.nanoTime()), backup.isEmpty() ? "none" : backup);
        sleepUntil(3 * phase);
        long restarted = event("start " + live + " and node-a again", () -> cluster("start", live));
        event("start node-a, until healthy", () -> cluster("start", "node-a"));
        report.line("  %6.1f s: the live broker now: %s", offset(System.nanoTime()), cluster("live-broker").trim());
        sleepUntil(seconds - burst - 10);
        Result rejoined = System.nanoTime() - loadEnd < -(burst + 5) * 1_000_000_000L
                ? at("burst at the load balancer, two nodes again (node-a restarted)", lookupBurst) : null;
        Result lookups = load.await();
        report.line("  %6.1f s: the load ended (the last writes' retries answered)", offset(System.nanoTime()));

        // delivery settles, then every inbox is walked whole
        report.section("delivery (after it settled), from the recipients' inboxes");
        Duration settle = Duration.ofMinutes(knob("SETTLE_MINUTES", 5));
        report.line("%-52s %9s %9s %9s %6s %13s", "", "accepted", "delivered", "lost", "twice", "not accepted");
        for (Inbox inbox : inboxes) {
            long settleStart = System.nanoTime();
            inbox.settle(inbox.writes, settle);
            inbox.tally.recount();
            Map<String, Integer> copies = inbox.tally.copiesByReference();
            Set<String> accepted = new HashSet<>(inbox.writes.accepted.values());
            long delivered = accepted.stream().filter(copies::containsKey).count();
            long twice = accepted.stream().filter(id -> copies.getOrDefault(id, 0) > 1).count();
            long notAccepted = copies.keySet().stream().filter(id -> !accepted.contains(id) && !inbox.before.contains(id)).count();
            report.line("%-52s %9d %9d %9d %6d %13d   (settled in %.0f s)", inbox.label, accepted.size(), delivered, accepted.size() - delivered,
                    twice, notAccepted, (System.nanoTime() - settleStart) / 1e9);
        }
        for (var writes : List.of(Map.entry("DV notifications", dv), Map.entry("documents", documents))) {
            Writes w = writes.getValue();
            report.line("%s: %d sent, %d accepted (2xx), %d refused (4xx), %d given up after %d min; %d attempts failed (5xx or no answer)"
                    + " and were sent again", writes.getKey(), w.sent.get(), w.accepted.size(), w.refused.get(), w.gaveUp.get(),
                    RETRY_FOR.toMinutes(), w.failures.size());
        }
        report.line("(\"not accepted\": copies of writes no 2xx named, other than the warm-up's: for documents, an upload stored whose answer"
                + " was lost, stored again by the retry)");

        report.section("lookups through the load balancer (the mix)");
        report.line("%d lookups at %d/s: %d errors (not 200 with a plan, or no answer); p50 %.2f ms, p99 %.2f ms (from when each was due)",
                lookups.count(), lookupRate, lookups.errors(), lookups.percentile(50), lookups.percentile(99));
        report.line("%-44s %10s %8s %8s %18s %14s", "window", "seconds", "lookups", "errors", "longest gap (ms)", "writes failed");
        long end = System.nanoTime();
        window("before any failure (two nodes)", loadStart, nodeKilled);
        window("node-a killed", nodeKilled, brokerKilled);
        window("live broker killed (node-a still down)", brokerKilled, restarted);
        window("both restarted", restarted, Math.min(end, loadEnd));

        report.section("lookup throughput, closed loop (" + concurrency + " clients, " + burst + " s) at the load balancer, the mix (~"
                + (lookupRate + dvRate + docRate) + " requests/s) running behind it");
        report.line("%-58s %10s %9s %9s %7s", "", "lookups/s", "p50 ms", "p99 ms", "errors");
        report.row("two nodes", twoNodes);
        report.row("one node (node-a killed)", oneNode);
        if (rejoined != null) {
            report.row("two nodes again (node-a restarted, JIT-cold)", rejoined);
        }
        report.line("one node / two nodes: %.2f", oneNode.perSecond() / twoNodes.perSecond());

        report.section("audit chain");
        String verify = get(gateway + "/api/v1/audit/verify", auditor);
        report.line("GET /api/v1/audit/verify (auditor): valid %s, %s records", first(VALID, verify), first(RECORDS, verify));
        report.line("tokens fetched: ae-system %d, police-system %d, la-derby-system %d", ae.fetched(), police.fetched(), socialCare.fetched());
    }

    // ------------------------------------------------------------------------------------------------------ the mix

    /** Accepted writes (reference -> the id the 2xx named) and failed attempts' times. */
    private static final class Writes {
        final Map<String, String> accepted = new ConcurrentHashMap<>();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong gaveUp = new AtomicLong();
        final Latencies failures = new Latencies(true);
    }

    /** Three open loops at once: lookups, DV notifications and documents, each at its rate. */
    private final class Mix {
        private final Token ae;
        private final Token police;
        private final Token socialCare;
        private final String[] nhs;
        private final List<Plans.Row> dvChildren;
        private final List<Plans.Row> documentPlans;
        private final byte[] document;
        private final Writes dvWrites;
        private final Writes documentWrites;
        private final Latencies answered;
        private final Latencies failed;
        private final String tag;

        Mix(Token ae, Token police, Token socialCare, String[] nhs, List<Plans.Row> dvChildren, List<Plans.Row> documentPlans, byte[] document,
                Writes dvWrites, Writes documentWrites, Latencies answered, Latencies failed, String tag) {
            this.ae = ae;
            this.police = police;
            this.socialCare = socialCare;
            this.nhs = nhs;
            this.dvChildren = dvChildren;
            this.documentPlans = documentPlans;
            this.document = document;
            this.dvWrites = dvWrites;
            this.documentWrites = documentWrites;
            this.answered = answered;
            this.failed = failed;
            this.tag = tag;
        }

        Running run(int lookupRate, int dvRate, int docRate, java.util.function.BooleanSupplier more) {
            Running running = new Running();
            running.start(0, () -> Load.fixedRate(lookupRate, more, n -> {
                boolean found = GatewayApi.lookup(gateway, ae, nhs, false);
                if (answered != null) {
                    (found ? answered : failed).add(System.nanoTime());
                }
                return found;
            }));
            running.start(1, () -> Load.fixedRate(dvRate, more, n -> {
                String reference = "CB-" + run + "-" + tag + "-" + n;
                Plans.Row child = dvChildren.get((int) (n % dvChildren.size()));
                return untilAccepted(dvWrites, reference, () -> GatewayApi.dvRequest(gateway, police, reference, child.nhsNumber(),
                        child.givenName(), child.familyName(), child.birthDate()));
            }));
            running.start(2, () -> Load.fixedRate(docRate, more, n -> {
                Plans.Row plan = documentPlans.get((int) (n % documentPlans.size()));
                String title = "Review conference " + run + "-" + tag + "-" + n;
                return untilAccepted(documentWrites, title, () -> GatewayApi.documentRequest(gateway, socialCare, plan.planId(),
                        plan.nhsNumber(), title, document));
            }));
            return running;
        }
    }

    /** The mix's loops, running: lookups, DV notifications, documents. */
    private static final class Running {
        private final Thread[] threads = new Thread[3];
        private final Result[] results = new Result[3];

        interface Loop {
            Result run() throws InterruptedException;
        }

        void start(int loop, Loop body) {
            threads[loop] = new Thread(() -> {
                try {
                    results[loop] = body.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "mix-" + loop);
            threads[loop].start();
        }

        /** Once every loop has ended (the last writes' retries answered): the lookups' result. */
        Result await() throws InterruptedException {
            for (Thread thread : threads) {
                thread.join();
            }
            return results[0];
        }
    }

    /**
     * Sends a write until it is answered 2xx or 4xx, again after 5xx or no answer (the request built afresh, so with a
     * current token); true when accepted.
     */
    private static boolean untilAccepted(Writes writes, String reference, Supplier<HttpRequest> request) throws InterruptedException {
        writes.sent.incrementAndGet();
        long until = System.nanoTime() + RETRY_FOR.toNanos();
        do {
            try {
                HttpResponse<String> answer = HTTP.send(request.get(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() / 100 == 2) {
                    writes.accepted.put(reference, first(ID, answer.body()));
                    return true;
                }
                if (answer.statusCode() / 100 == 4) {
                    writes.refused.incrementAndGet();
                    Load.noteError(reference + " refused: " + answer.statusCode() + " " + BenchHttp.abbreviate(answer.body()));
                    return false;
                }
                Load.noteError(reference + " answered " + answer.statusCode() + ": " + BenchHttp.abbreviate(answer.body()) + " (sent again)");
            } catch (IOException e) {
                Load.noteError(reference + ": " + e + " (sent again)");
            }
            writes.failures.add(System.nanoTime());
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } while (System.nanoTime() - until < 0);
        writes.gaveUp.incrementAndGet();
        return false;
    }

    // -------------------------------------------------------------------------------------------------- the inboxes

    /** One recipient's inbox of one type, the writes it should hold one copy each of, and the references it held before the load. */
    private final class Inbox {
        final String label;
        final InboxTally tally;
        final Writes writes;
        final Set<String> before = new HashSet<>();

        Inbox(String label, String type, Token reader, Writes writes) {
            this.label = label;
            this.tally = new InboxTally(gateway + "/api/v1/inbox?type=" + type, url -> get(url, reader));
            this.writes = writes;
        }

        /** Until the inbox holds a copy of every write accepted, or {@code atMost}: the broker's redeliveries back off up to a minute. */
        void settle(Writes expected, Duration atMost) throws IOException, InterruptedException {
            long until = System.nanoTime() + atMost.toNanos();
            Set<String> ids = new HashSet<>(expected.accepted.values());
            tally.count();
            while (!tally.copiesByReference().keySet().containsAll(ids) && System.nanoTime() - until < 0) {
                Thread.sleep(2000);
                tally.recount();
            }
        }
    }

    // ------------------------------------------------------------------------------------------ failures and windows

    /** Runs one of cluster/cluster's commands (with this process's environment: bench/run's ports and CLUSTER_HOME); its output. */
    private String cluster(String... arguments) {
        try {
            List<String> command = new ArrayList<>(List.of(script.toString()));
            command.addAll(Arrays.asList(arguments));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0 && !arguments[0].equals("live-broker")) {
                throw new IllegalStateException("cluster/cluster " + String.join(" ", arguments) + " failed");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Does it and reports when it began and ended; answers when it began. */
    private long event(String what, Runnable action) {
        long at = System.nanoTime();
        action.run();
        long done = System.nanoTime();
        report.line("  %6.1f s: %s (%s UTC; took %.1f s)", offset(at), what, Instant.now().minusNanos(done - at), (done - at) / 1e9);
        return at;
    }

    private Result at(String what, Supplier<Result> burst) {
        long at = System.nanoTime();
        Result result = burst.get();
        report.line("  %6.1f s: %s: %.1f lookups/s, %d errors", offset(at), what, result.perSecond(), result.errors());
        return result;
    }

    /** Lookups, errors, the longest time without a successful lookup, and failed write attempts from {@code from} to {@code to}. */
    private void window(String label, long from, long to) {
        long[] ok = lookupsAnswered.sorted();
        long longest = 0;
        long previous = from; // the last success before the window, if any: a gap the failure began counts whole
        for (long t : ok) {
            if (t >= from) {
                longest = Math.max(longest, Math.min(t, to) - previous);
            }
            previous = t;
            if (t >= to) {
                break;
            }
        }
        longest = Math.max(longest, to - Math.min(previous, to));
        long lookups = lookupsAnswered.between(from, to) + lookupsFailed.between(from, to);
        report.line("%-44s %4.0f-%-5.0f %8d %8d %18.0f %14d", label, offset(from), offset(to), lookups, lookupsFailed.between(from, to),
                longest / 1e6, dv.failures.between(from, to) + documents.failures.between(from, to));
    }

    private double offset(long nanos) {
        return (nanos - loadStart) / 1e9;
    }

    private void sleepUntil(int second) throws InterruptedException {
        long wait = loadStart + second * 1_000_000_000L - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private static String first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : "?";
    }
}
