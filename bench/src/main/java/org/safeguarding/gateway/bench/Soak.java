package org.safeguarding.gateway.bench;

import static org.safeguarding.gateway.bench.BenchHttp.HTTP;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.safeguarding.gateway.bench.BenchHttp.Token;
import org.safeguarding.gateway.bench.Load.Result;

/**
 * The soak (bench/run soak, issue 14: the store holds up for years of a large authority). Against a fresh gateway it loads
 * one authority's register, warms the gateway up, measures lookups (START), then drives a million notifying lookups with DV
 * notifications and documents interleaved, measures again (END), exports the whole audit trail while looking up and
 * verifies the export offline, and times inbox pages at a million messages. bench/run then kills the gateway and its
 * PostgreSQL with SIGKILL and starts them again; {@code restarted} reports how long the gateway took to answer on the
 * same data. bench/run kills them again, and {@code store} compares the store's size on disk with its tables rewritten
 * by VACUUM FULL (after the restart, so that the restart recovers from the soak's own crash, not from VACUUM FULL's WAL).
 * <pre>
 *   Soak measure   gatewayUrl keycloakUrl dataDir workDir gatewayJar
 *   Soak store     dataDir workDir                      (the gateway and its PostgreSQL stopped)
 *   Soak restarted gatewayUrl keycloakUrl workDir restartSeconds firstStartSeconds
 *   Soak summary   workDir                              (the last run's summary again, from its figures; stdout only)
 * </pre>
 * Knobs (environment): PLANS, LOOKUPS, SECONDS_PER_PHASE, CONCURRENCY, RATE, DV_EVERY, DOC_EVERY, DOC_KB, PROGRESS_SECONDS,
 * WARM_UP_SECONDS, WARM_UP_ROUNDS, INBOX_SAMPLES, INBOX_DEEP_PAGE, INBOX_PAGE_SIZE (bench/run's usage says what each is).
 * Every figure goes to stdout and to {@code workDir/soak-results.txt}; the ones the last step's summary needs to
 * {@code workDir/soak-figures.properties}.
 */
public final class Soak {

    private static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)");
    private static final Pattern NEXT = Pattern.compile("\"next\":(?:\"([^\"]+)\"|null)");
    private static final String LA = "la-derby";
    /** Who receives the documents: the core group given to the plans the documents are about. */
    private static final String[] CORE_GROUP = {"gp-derby-central", "hv-derby", "school-derby-primary"};
    private static final int DOCUMENT_PLANS = 20;
    private static final int DV_CHILDREN = 10_000;

    private final String gateway;
    private final Path work;
    private final Report report;
    private final Properties figures = new Properties();

    private Soak(String gateway, Path work, boolean fresh) throws IOException {
        this(gateway, work, fresh, true);
    }

    private Soak(String gateway, Path work, boolean fresh, boolean toFile) throws IOException {
        this(gateway, work, fresh, toFile ? work.resolve("soak-results.txt") : null);
    }

    private Soak(String gateway, Path work, boolean fresh, Path results) throws IOException {
        this.gateway = gateway;
        this.work = work;
        this.report = new Report(results, fresh);
        Path saved = work.resolve("soak-figures.properties");
        if (!fresh && Files.exists(saved)) {
            try (Reader in = Files.newBufferedReader(saved)) {
                figures.load(in);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        switch (args.length == 0 ? "" : args[0]) {
            case "measure" -> new Soak(args[1], Path.of(args[4]), true).measure(args[2], Path.of(args[3]), Path.of(args[5]));
            case "store" -> new Soak(null, Path.of(args[2]), false).store(Path.of(args[1]));
            case "restarted" -> new Soak(args[1], Path.of(args[3]), false).restarted(args[2], Double.parseDouble(args[4]),
                    Double.parseDouble(args[5]));
            case "summary" -> new Soak(null, Path.of(args[1]), false, false).summary();
            case "again" -> new Soak(args[1], Path.of(args[3]), true, Path.of(args[3]).resolve("soak-again-results.txt"))
                    .again(args[2], Path.of(args[4]), Path.of(args[5]));
            default -> {
                System.err.println("usage: Soak measure gatewayUrl keycloakUrl dataDir workDir gatewayJar | store dataDir workDir"
                        + " | restarted gatewayUrl keycloakUrl workDir restartSeconds firstStartSeconds | summary workDir | again gatewayUrl keycloakUrl workDir dataDir gatewayJar");
                System.exit(2);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------- measure

    private void measure(String keycloak, Path data, Path gatewayJar) throws Exception {
        int plans = knob("PLANS", 10_000);
        long lookups = knob("LOOKUPS", 1_000_000);
        int seconds = knob("SECONDS_PER_PHASE", 30);
        int concurrency = knob("CONCURRENCY", 16);
        int rate = knob("RATE", 300);
        int dvEvery = knob("DV_EVERY", 200);
        int docEvery = knob("DOC_EVERY", 1000);
        int docKb = knob("DOC_KB", 64);
        int progressSeconds = knob("PROGRESS_SECONDS", 30);
        String tokenUrl = BenchHttp.tokenUrl(keycloak);
        Token ae = BenchHttp.client(tokenUrl, "ae-system");
        Token laSystem = BenchHttp.client(tokenUrl, "la-derby-system");
        Token police = BenchHttp.client(tokenUrl, "police-system");
        Token sw = BenchHttp.user(tokenUrl, "sw.derby");
        Token auditor = BenchHttp.user(tokenUrl, "auditor");
        long runStart = System.nanoTime();
        Disk disk = new Disk(data, knob("MIN_FREE_GB", 5));

        report.line("soak: %,d plans of %s; %,d notifying lookups with one DV notification per %,d and one document (%d KB, to a core group"
                + " of %d) per %,d; %d client threads; phases of %d s; fixed rate %d/s", plans, LA, lookups, dvEvery, docKb, CORE_GROUP.length,
                docEvery, concurrency, seconds, rate);
        figures.setProperty("started", Instant.now().toString());
        report.line("disk at the start: %s", disk.describe());

        // 1. setup: the register through the batch upload, a few plans given a core group for the documents
        report.section("1. setup");
        Path csv = work.resolve("soak-plans.csv");
        String[] nhs = Plans.write(csv, plans);
        long t0 = System.nanoTime();
        for (int from = 0; from < plans; from += 100_000) {
            GatewayApi.uploadBatch(gateway, laSystem, csv, from, Math.min(plans, from + 100_000));
        }
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        List<Plans.Row> dvChildren = Plans.rows(csv, Math.min(Math.min(plans, nhs.length), DV_CHILDREN));
        List<Plans.Row> documentPlans = dvChildren.subList(0, Math.min(DOCUMENT_PLANS, dvChildren.size()));
        for (Plans.Row row : documentPlans) {
            if (GatewayApi.putPlan(gateway, laSystem, row.planId(), GatewayApi.planJson(row, CORE_GROUP)) != 200) {
                throw new IllegalStateException("plan " + row.planId() + " was not on the register");
            }
        }
        report.line("loaded %,d plans (%,d children) through the batch upload in %.1f s; %d of them given the core group %s for documents",
                plans, nhs.length, loadSeconds, documentPlans.size(), String.join(",", CORE_GROUP));

        Mix mix = new Mix(ae, police, laSystem, nhs, dvChildren, documentPlans, dvEvery, docEvery, synthetic(docKb * 1024));
        long dvInboxBefore = total("/api/v1/inbox?type=dv-notification&size=1", sw);

        // warm-up: the soak's own mix in rounds until its rate settles (the JIT takes minutes on two cores)
        int warmSeconds = knob("WARM_UP_SECONDS", 20);
        int warmRounds = knob("WARM_UP_ROUNDS", 24);
        report.line("warming up: rounds of %d s of the soak's mix, then of lookups alone, each until three rounds in a row are none more than 5 %% faster than the best before (at most %d rounds)...",
                warmSeconds, warmRounds);
        AtomicLong warmLookups = new AtomicLong();
        AtomicLong warmErrors = new AtomicLong();
        t0 = System.nanoTime();
        int rounds = Load.warmUp(warmRounds, 0.05, "lookups/s (with the mix)", r -> {
            try {
                Result round = Load.closedLoop(warmSeconds, concurrency, mix.operation("WARM-" + r));
                warmLookups.addAndGet(round.count());
                warmErrors.addAndGet(round.errors());
                return round.perSecond();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // then lookups alone, as START and END measure them, until that rate settles too: after the mix alone START
        // was 20 % below END (the paths a lookup alone takes had not been compiled as hot)
        int lookupRounds = Load.warmUp(warmRounds, 0.05, "lookups/s (lookups alone)", r -> {
            try {
                Result round = Load.closedLoop(warmSeconds, concurrency, n -> GatewayApi.lookup(gateway, ae, nhs, false));
                warmLookups.addAndGet(round.count());
                warmErrors.addAndGet(round.errors());
                return round.perSecond();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // the inbox and export paths are warmed too (briefly: they are measured on their own below)
        for (int i = 0; i < 50; i++) {
            BenchHttp.get(gateway + "/api/v1/inbox?size=20", sw);
        }
        report.line("warm-up: %d rounds of the mix and %d of lookups alone, %,d lookups, %,d DV notifications, %,d documents in %.0f s; %d errors%s",
                rounds, lookupRounds, warmLookups.get(), mix.dvSent.get(), mix.documentsSent.get(), (System.nanoTime() - t0) / 1e9,
                warmErrors.get() + mix.dvErrors.get() + mix.documentErrors.get(),
                rounds == warmRounds || lookupRounds == warmRounds ? " (the rate had not settled: START may be a younger gateway than END)" : "");
        report.line("store at START: postgres/cluster/ %,d MB, broker/ %,d MB; %s", megabytes(size(data.resolve("postgres/cluster"))), megabytes(size(data.resolve("broker"))),
                disk.describe());

        // 2. START
        report.section("2. START: lookups after setup and warm-up");
        Quiet quiet = new Quiet(data, gatewayJar.toString());
        Duration quietLimit = Duration.ofMinutes(knob("QUIET_MINUTES", 10));
        report.line(quiet.await(quietLimit).describe());
        Phase start = phase(ae, nhs, seconds, concurrency, rate, "start");

        // 3. the soak
        report.section("3. soak: " + String.format("%,d", lookups) + " notifying lookups with DV notifications and documents interleaved");
        long soakStart = System.nanoTime();
        long[] before = {mix.dvSent.get(), mix.dvErrors.get(), mix.documentsSent.get(), mix.documentErrors.get()};
        Result soak = Load.closedLoop(lookups, concurrency, mix.operation("SOAK"), Duration.ofSeconds(progressSeconds), p -> report.line(
                "  %6.0f s: %,11d lookups (%5.1f %%), %7.1f/s now, %7.1f/s mean; errors: lookups %d, DV %d of %,d, documents %d of %,d; store %,d MB; %s",
                p.seconds(), p.done(), 100.0 * p.done() / lookups, p.intervalPerSecond(), p.done() / p.seconds(), p.errors(),
                mix.dvErrors.get() - before[1], mix.dvSent.get() - before[0], mix.documentErrors.get() - before[3],
                mix.documentsSent.get() - before[2], megabytes(size(data.resolve("postgres/cluster"))), disk.describe()), disk::plenty);
        double soakSeconds = (System.nanoTime() - soakStart) / 1e9;
        if (soak.count() < lookups) {
            report.line("soak STOPPED EARLY after %,d of %,d lookups: %s", soak.count(), lookups, disk.describe());
        }
        report.line("soak: %,d lookups in %.0f s (%.1f/s); errors: lookups %d, DV notifications %d of %,d, documents %d of %,d",
                soak.count(), soakSeconds, soak.count() / soakSeconds, soak.errors(), mix.dvErrors.get() - before[1], mix.dvSent.get() - before[0],
                mix.documentErrors.get() - before[3], mix.documentsSent.get() - before[2]);
        // the DV notifications are routed behind their 202: wait until the authority's inbox has them all before measuring
        long dvAccepted = mix.dvSent.get() - mix.dvErrors.get();
        long routed = settle(() -> total("/api/v1/inbox?type=dv-notification&size=1", sw) - dvInboxBefore, dvAccepted, Duration.ofMinutes(5));
        report.line("DV notifications in %s's inbox: %,d of the %,d accepted (warm-up and soak)%s", LA, routed, dvAccepted,
                routed == dvAccepted ? "" : "  <-- NOT ALL ROUTED" + (disk.brokerBlocked() ? " (the broker blocks producers: " + disk.describe() + ")" : ""));
        report.line("store after the soak: postgres/cluster/ %,d MB, broker/ %,d MB; %s", megabytes(size(data.resolve("postgres/cluster"))),
                megabytes(size(data.resolve("broker"))), disk.describe());

        // 4. END
        report.section("4. END: the same measurements after the soak, once the stack is idle again as it was at START");
        Quiet.Waited waited = quiet.await(quietLimit);
        report.line(waited.describe());
        put("end.quiet.seconds", waited.seconds());
        Phase end = phase(ae, nhs, seconds, concurrency, rate, "end");
        double ratio = end.throughput.perSecond() / start.throughput.perSecond();
        put("ratio", ratio);
        report.line("end / start throughput: %.2f (target: within 10 %%, and above 1.10 START was not warm); p99 at %d/s: start %.2f ms, end %.2f ms", ratio, rate,
                start.fixed.percentile(99), end.fixed.percentile(99));

        // 5. the export while looking up
        report.section("5. audit export while lookups run at " + rate + "/s");
        export(ae, auditor, nhs, rate, data, gatewayJar);

        // 6. inbox pages at a million messages
        report.section("6. " + LA + "'s inbox as sw.derby");
        inbox(sw);

        report.line("");
        report.line("tokens fetched from Keycloak (first and renewals): ae-system %d, police-system %d, la-derby-system %d, sw.derby %d, auditor %d",
                ae.fetched(), police.fetched(), laSystem.fetched(), sw.fetched(), auditor.fetched());
        long errors = warmErrors.get() + start.errors() + soak.errors() + mix.dvErrors.get() + mix.documentErrors.get() + end.errors();
        put("measure.errors", errors);
        put("measure.seconds", (System.nanoTime() - runStart) / 1e9);
        save();
    }

    /** The soak's operation mix: each operation a notifying lookup, every DV_EVERY-th also a DV notification, every DOC_EVERY-th a document. */
    private final class Mix {
        final AtomicLong dvSent = new AtomicLong();
        final AtomicLong dvErrors = new AtomicLong();
        final AtomicLong documentsSent = new AtomicLong();
        final AtomicLong documentErrors = new AtomicLong();
        private final Token ae;
        private final Token police;
        private final Token socialCare;
        private final String[] nhs;
        private final List<Plans.Row> dvChildren;
        private final List<Plans.Row> documentPlans;
        private final int dvEvery;
        private final int docEvery;
        private final byte[] document;
        private final String run = Long.toString(System.currentTimeMillis(), 36);

        Mix(Token ae, Token police, Token socialCare, String[] nhs, List<Plans.Row> dvChildren, List<Plans.Row> documentPlans, int dvEvery,
                int docEvery, byte[] document) {
            this.ae = ae;
            this.police = police;
            this.socialCare = socialCare;
            this.nhs = nhs;
            this.dvChildren = dvChildren;
            this.documentPlans = documentPlans;
            this.dvEvery = dvEvery;
            this.docEvery = docEvery;
            this.document = document;
        }

        Load.Operation operation(String tag) {
            return n -> {
                boolean found = GatewayApi.lookup(gateway, ae, nhs, false);
                if (dvEvery > 0 && n % dvEvery == dvEvery - 1) {
                    Plans.Row child = dvChildren.get((int) ((n / dvEvery) % dvChildren.size()));
                    dvSent.incrementAndGet();
                    try {
                        GatewayApi.submitDv(gateway, police, "SOAK-" + run + "-" + tag + "-" + n, child.nhsNumber(), child.givenName(),
                                child.familyName(), child.birthDate());
                    } catch (IOException | RuntimeException e) {
                        dvErrors.incrementAndGet();
                        Load.noteError("DV notification: " + e);
                    }
                }
                if (docEvery > 0 && n % docEvery == docEvery - 1) {
                    Plans.Row plan = documentPlans.get((int) ((n / docEvery) % documentPlans.size()));
                    documentsSent.incrementAndGet();
                    try {
                        GatewayApi.uploadDocument(gateway, socialCare, plan.planId(), plan.nhsNumber(), "Review conference " + tag + "-" + n, document);
                    } catch (IOException | RuntimeException e) {
                        documentErrors.incrementAndGet();
                        Load.noteError("document: " + e);
                    }
                }
                return found;
            };
        }
    }

    /**
     * The file system under the data folder. The soak stops early below MIN_FREE_GB free (the disk is shared; a store that
     * grows by kilobytes per commit can fill it). From 90 % used the embedded broker blocks its producers (Artemis's
     * default max-disk-usage), so DV notifications and documents stop being routed: shown, since every figure after that
     * is of a gateway in trouble.
     */
    private static final class Disk {
        private final java.nio.file.FileStore store;
        private final long minFree;
        private final AtomicBoolean warned = new AtomicBoolean();
        private volatile long checkedAt;
        private volatile boolean plenty = true;

        Disk(Path data, int minFreeGb) throws IOException {
            this.store = Files.getFileStore(data);
            this.minFree = minFreeGb * (1L << 30);
        }

        /** Checked at most once a second: enough free space to go on. */
        boolean plenty() {
            long now = System.nanoTime();
            if (now - checkedAt > 1_000_000_000L) {
                checkedAt = now;
                plenty = usable() >= minFree;
            }
            return plenty;
        }

        boolean brokerBlocked() {
            return used() >= 0.9;
        }

        String describe() {
            double used = used();
            String text = String.format("disk %.1f %% used, %,d MB free", 100 * used, megabytes(usable()));
            if (usable() < minFree) {
                text += " (below MIN_FREE_GB: the soak stops)";
            }
            if (used >= 0.9 && !warned.getAndSet(true)) {
                text += " -- 90 % USED: THE EMBEDDED BROKER NOW BLOCKS PRODUCERS (DV and document routing stops)";
            }
            return text;
        }

        private long usable() {
            try {
                return store.getUsableSpace();
            } catch (IOException e) {
                return Long.MAX_VALUE;
            }
        }

        private double used() {
            try {
                return 1 - (double) store.getUsableSpace() / store.getTotalSpace();
            } catch (IOException e) {
                return 0;
            }
        }
    }

    private record Phase(Result throughput, Result fixed, long errors) {
    }

    /** Rounds of closed-loop throughput in a phase: one 30 s round on this machine varies by 10 to 15 % from the next. */
    private static final int THROUGHPUT_ROUNDS = 5;

    /**
     * Closed-loop throughput (the median of {@link #THROUGHPUT_ROUNDS} rounds, each reported), then p50/p99 at the fixed
     * rate: notifying lookups only.
     */
    private Phase phase(Token ae, String[] nhs, int seconds, int concurrency, int rate, String key) throws InterruptedException {
        report.line("%-58s %10s %9s %9s %7s", "", "lookups/s", "p50 ms", "p99 ms", "errors");
        List<Result> rounds = new ArrayList<>();
        long errors = 0;
        for (int r = 1; r <= THROUGHPUT_ROUNDS; r++) {
            Result round = Load.closedLoop(seconds, concurrency, n -> GatewayApi.lookup(gateway, ae, nhs, false));
            report.row("closed loop (" + concurrency + " clients), " + seconds + " s, round " + r, round);
            rounds.add(round);
            errors += round.errors();
        }
        rounds.sort(Comparator.comparingDouble(Result::perSecond));
        Result throughput = rounds.get(THROUGHPUT_ROUNDS / 2);
        Result fixed = Load.fixedRate(rate, seconds, n -> GatewayApi.lookup(gateway, ae, nhs, false));
        report.row("fixed " + rate + "/s, " + seconds + " s", fixed);
        report.line("closed-loop throughput (median of %d rounds): %.1f lookups/s", THROUGHPUT_ROUNDS, throughput.perSecond());
        errors += fixed.errors();
        put(key + ".throughput", throughput.perSecond());
        put(key + ".p50", fixed.percentile(50));
        put(key + ".p99", fixed.percentile(99));
        put(key + ".errors", errors);
        return new Phase(throughput, fixed, errors);
    }

    /**
     * Where the export is saved: an auditor downloads to a machine of their own, so by default the file goes to memory
     * (/dev/shm), not to the disk the gateway commits to. Written to the same disk, its write-back competes with every
     * commit's fsync (measured: a lookup's p99 during a 1.3 million-record export 42-91 ms with the file on the disk).
     * EXPORT_DIR overrides.
     */
    private Path exportFolder() {
        String chosen = System.getenv("EXPORT_DIR");
        if (chosen != null) {
            return Path.of(chosen);
        }
        Path memory = Path.of("/dev/shm");
        return Files.isDirectory(memory) && Files.isWritable(memory) ? memory : work;
    }

    /** GET /api/v1/audit/export to a file while lookups run at the fixed rate, then the gateway's own CLI verifies the file. */
    private void export(Token ae, Token auditor, String[] nhs, int rate, Path data, Path gatewayJar) throws Exception {
        Path file = exportFolder().resolve("soak-export.ndjson");
        Files.deleteIfExists(file);
        AtomicBoolean exporting = new AtomicBoolean(true);
        AtomicReference<Result> during = new AtomicReference<>();
        Thread lookups = new Thread(() -> {
            try {
                during.set(Load.fixedRate(rate, exporting::get, n -> GatewayApi.lookup(gateway, ae, nhs, false)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lookups-during-export");
        auditor.get(); // fetched before the clock starts
        lookups.start();
        long t0 = System.nanoTime();
        int status;
        try {
            status = HTTP.send(BenchHttp.request(gateway + "/api/v1/audit/export", auditor).header("Accept", "application/x-ndjson").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofFile(file)).statusCode();
        } finally {
            exporting.set(false);
        }
        double exportSeconds = (System.nanoTime() - t0) / 1e9;
        lookups.join();
        Result r = during.get();
        long bytes = Files.size(file);
        long records = 0;
        long checkpoints = 0;
        try (Stream<String> lines = Files.lines(file)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.contains("\"type\":\"record\"")) {
                    records++;
                } else if (line.contains("\"type\":\"checkpoint\"")) {
                    checkpoints++;
                }
            }
        }
        report.line("export: HTTP %d in %.1f s, %,d records and %,d signed checkpoints, %,d bytes (%.1f MB/s, %,.0f records/s) -> %s", status,
                exportSeconds, records, checkpoints, bytes, bytes / 1e6 / exportSeconds, records / exportSeconds, work.relativize(file));
        report.line("%-58s %10s %9s %9s %7s", "", "lookups/s", "p50 ms", "p99 ms", "errors");
        report.row("lookups at " + rate + "/s during the export (" + r.count() + " of them)", r);
        put("export.status", status);
        put("export.seconds", exportSeconds);
        put("export.records", records);
        put("export.bytes", bytes);
        put("export.p50", r.percentile(50));
        put("export.p99", r.percentile(99));
        put("export.lookups", r.count());
        put("export.errors", r.errors() + (status == 200 ? 0 : 1));
        if (status != 200) {
            report.line("export failed: the gateway answered %d (%s)", status, Files.exists(file) ? BenchHttp.abbreviate(Files.readString(file)) : "");
            return;
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", gatewayJar.toString(), "audit",
                "verify", "--certificate", data.resolve("gateway-ca.pem").toString(), file.toString());
        t0 = System.nanoTime();
        Process verify = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(verify.getInputStream(), StandardCharsets.UTF_8))) {
            out.lines().forEach(output::add);
        }
        int exit = verify.waitFor();
        double verifySeconds = (System.nanoTime() - t0) / 1e9;
        String verdict = output.isEmpty() ? "(no output)" : output.get(output.size() - 1);
        report.line("offline verify (java -jar gateway-server.jar audit verify --certificate %s %s): exit %d in %.1f s: %s",
                relative(data.resolve("gateway-ca.pem")), relative(file), exit, verifySeconds, verdict);
        for (int i = 0; i < output.size() - 1 && i < 20; i++) {
            report.line("  %s", output.get(i));
        }
        put("verify.exit", exit);
        put("verify.seconds", verifySeconds);
        figures.setProperty("verify.verdict", verdict);
    }

    /** Inbox pages of each kind, each timed INBOX_SAMPLES times, one request at a time. */
    private void inbox(Token sw) throws Exception {
        int samples = knob("INBOX_SAMPLES", 200);
        int size = knob("INBOX_PAGE_SIZE", 20);
        String first = "/api/v1/inbox?size=" + size;
        String answer = BenchHttp.get(gateway + first, sw);
        long total = total(answer);
        long access = total("/api/v1/inbox?type=access-notification&size=1", sw);
        long dv = total("/api/v1/inbox?type=dv-notification&size=1", sw);
        report.line("inbox total as the API answers it: %,d messages (access-notification %,d, dv-notification %,d)", total, access, dv);
        put("inbox.total", total);
        int deepPage = (int) Math.min(knob("INBOX_DEEP_PAGE", 1000), Math.max(0, total / size - 1));
        String firstNext = next(answer);
        AtomicReference<String> cursor = new AtomicReference<>(firstNext);
        AtomicLong walked = new AtomicLong();
        Map<String, Supplier<String>> kinds = new LinkedHashMap<>();
        kinds.put("first page (size " + size + ")", () -> first);
        kinds.put("offset page " + deepPage + " (messages " + (long) deepPage * size + "-" + ((long) deepPage * size + size - 1) + ")",
                () -> first + "&page=" + deepPage);
        kinds.put("keyset pages walked with ?before=<next>", () -> first + "&before=" + cursor.get());
        kinds.put("?type=dv-notification, first page", () -> first + "&type=dv-notification");
        kinds.put("?type=access-notification, first page", () -> first + "&type=access-notification");
        // untimed first: the inbox paths have not been this hot before
        for (int i = 0; i < 20; i++) {
            for (Map.Entry<String, Supplier<String>> kind : kinds.entrySet()) {
                if (!kind.getKey().startsWith("keyset")) {
                    BenchHttp.get(gateway + kind.getValue().get(), sw);
                }
            }
        }
        report.line("%-58s %9s %9s %9s %9s %7s", "", "requests", "p50 ms", "p99 ms", "max ms", "errors");
        int kindIndex = 0;
        for (Map.Entry<String, Supplier<String>> kind : kinds.entrySet()) {
            boolean keyset = kind.getKey().startsWith("keyset");
            long[] nanos = new long[samples];
            long errors = 0;
            for (int i = 0; i < samples; i++) {
                if (keyset && cursor.get() == null) {
                    cursor.set(firstNext); // walked to the end: from the top again
                }
                String url = gateway + kind.getValue().get();
                long t0 = System.nanoTime();
                try {
                    var response = HTTP.send(BenchHttp.request(url, sw).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                    nanos[i] = System.nanoTime() - t0;
                    if (response.statusCode() != 200) {
                        errors++;
                        Load.noteError(url + " answered " + response.statusCode() + ": " + BenchHttp.abbreviate(response.body()));
                    } else if (keyset) {
                        cursor.set(next(response.body()));
                        walked.incrementAndGet();
                    }
                } catch (IOException e) {
                    nanos[i] = System.nanoTime() - t0;
                    errors++;
                    Load.noteError(url + ": " + e);
                }
            }
            Arrays.sort(nanos);
            Result r = new Result(samples, errors, 0, nanos);
            report.line("%-58s %9d %9.2f %9.2f %9.2f %7d", kind.getKey(), samples, r.percentile(50), r.percentile(99), nanos[samples - 1] / 1e6,
                    errors);
            String key = "inbox." + new String[] {"first", "offset", "keyset", "dv", "access"}[kindIndex++];
            put(key + ".p50", r.percentile(50));
            put(key + ".p99", r.percentile(99));
            put(key + ".errors", errors);
        }
        report.line("keyset walk: %,d pages of %d read with ?before= (from the top again after the last)", walked.get(), size);
    }

    // ------------------------------------------------------------------------------------------------------------ store

    /**
     * The store's size on disk against the data it holds. The gateway and its PostgreSQL were killed with SIGKILL; the
     * cluster folder is measured as they left it (tables, indexes, WAL, catalogues: all the disk the store uses). Then the
     * cluster is started on its own (crash recovery, timed), each table is rewritten with its indexes by VACUUM FULL, and
     * the user relations' size after that is the data (what a freshly loaded copy would take). The cluster is then stopped
     * as a crash would stop it ({@code -m immediate}), as it was found.
     */
    private void store(Path data) throws Exception {
        report.section("8. store size against data size (the gateway and its PostgreSQL killed with SIGKILL again)");
        Path cluster = data.resolve("postgres/cluster");
        long onDisk = size(cluster);
        report.line("postgres/cluster/ on disk: %,d bytes (%,d MB), of which WAL (pg_wal/) %,d MB", onDisk, megabytes(onDisk),
                megabytes(size(cluster.resolve("pg_wal"))));
        Path bin;
        try (Stream<Path> servers = Files.list(data.resolve("postgres"))) {
            bin = servers.filter(p -> p.getFileName().toString().startsWith("server-")).findFirst().orElseThrow().resolve("bin");
        }
        String password = Files.readString(data.resolve("postgres/password")).strip();
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        long t0 = System.nanoTime();
        pgCtl(bin, cluster, "start", "-w", "-t", "3600", "-l", cluster.resolve("server.log").toString(), "-o", "-p " + port);
        report.line("the cluster started on its own (crash recovery) in %.1f s", (System.nanoTime() - t0) / 1e9);
        Map<String, Long> rows = new LinkedHashMap<>();
        long compacted;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/gateway", "gateway", password);
                Statement s = c.createStatement()) {
            for (String table : List.of("audit_record", "audit_checkpoint", "inbox_message", "delivery", "document", "dv_notification", "cp_plan",
                    "outbox_message")) {
                try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    r.next();
                    rows.put(table, r.getLong(1));
                } catch (SQLException e) {
                    rows.put(table, -1L);
                }
            }
            report.line("rows: %s", rows.entrySet().stream().map(e -> e.getKey() + " " + String.format("%,d", e.getValue())).toList());
            String userRelations = "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind IN ('r', 'm') AND n.nspname = 'public'";
            long before;
            try (ResultSet r = s.executeQuery(userRelations)) {
                r.next();
                before = r.getLong(1);
            }
            t0 = System.nanoTime();
            s.execute("VACUUM FULL");
            try (ResultSet r = s.executeQuery(userRelations)) {
                r.next();
                compacted = r.getLong(1);
            }
            report.line("user tables with their indexes and TOAST: %,d MB as left, %,d MB rewritten by VACUUM FULL (%.1f s)", megabytes(before),
                    megabytes(compacted), (System.nanoTime() - t0) / 1e9);
        } finally {
            pgCtl(bin, cluster, "stop", "-m", "immediate", "-w");
        }
        double ratio = (double) onDisk / compacted;
        report.line("store size / data size: %.2f (target <= 2)", ratio);
        long broker = size(data.resolve("broker"));
        report.line("broker/ (Artemis journal, for information): %,d bytes (%,d MB)", broker, megabytes(broker));
        put("store.bytes", onDisk);
        put("store.compacted", compacted);
        put("store.ratio", ratio);
        put("store.broker", broker);
        if (rows.containsKey("audit_record")) {
            put("store.audit", rows.get("audit_record"));
            put("store.inbox", rows.get("inbox_message"));
        }
        save();
        summary();
    }

    /** pg_ctl on the gateway's cluster, as nobody when root (as the gateway runs it, EmbeddedPostgres). */
    private static void pgCtl(Path bin, Path cluster, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        command.addAll(List.of(bin.resolve("pg_ctl").toString(), "-D", cluster.toString()));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("pg_ctl " + String.join(" ", args) + " failed: " + output);
        }
    }


    // ------------------------------------------------------------------------------------------------------------ again

    /**
     * The export section (5) again, on the store a soak left (bench/run soak-again): after a warm-up and a fixed-rate phase, so
     * that a change to the gateway can be measured on a store of that size in minutes instead of a whole soak.
     */
    private void again(String keycloak, Path data, Path gatewayJar) throws Exception {
        int seconds = knob("SECONDS_PER_PHASE", 30);
        int concurrency = knob("CONCURRENCY", 16);
        int rate = knob("RATE", 300);
        Token ae = BenchHttp.client(BenchHttp.tokenUrl(keycloak), "ae-system");
        Token auditor = BenchHttp.user(BenchHttp.tokenUrl(keycloak), "auditor");
        String[] nhs = Plans.children(work.resolve("soak-plans.csv"), Long.MAX_VALUE);
        report.line("again, on the store of the last soak: postgres/cluster/ %,d MB", megabytes(size(data.resolve("postgres/cluster"))));
        report.section("warm-up");
        int rounds = Load.warmUp(knob("WARM_UP_ROUNDS", 6), 0.05, "lookups/s", r -> {
            try {
                return Load.closedLoop(knob("WARM_UP_SECONDS", 20), concurrency, n -> GatewayApi.lookup(gateway, ae, nhs, false)).perSecond();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        report.line("warm-up: %d rounds", rounds);
        report.section("4. END again");
        report.line(new Quiet(data, gatewayJar.toString()).await(Duration.ofMinutes(knob("QUIET_MINUTES", 10))).describe());
        phase(ae, nhs, seconds, concurrency, rate, "again");
        report.section("5. audit export while lookups run at " + rate + "/s");
        export(ae, auditor, nhs, rate, data, gatewayJar);
    }

    // -------------------------------------------------------------------------------------------------------- restarted

    private void restarted(String keycloak, double restartSeconds, double freshSeconds) throws Exception {
        report.section("7. restart after SIGKILL");
        report.line("gateway restarted on the same data: %.1f s from its process start to /actuator/health answering 200 (target <= 30 s)",
                restartSeconds);
        report.line("for comparison, the first start of this run (empty store, and it also created the schema and the demo keys): %.1f s", freshSeconds);
        put("restart.seconds", restartSeconds);
        Token ae = BenchHttp.client(BenchHttp.tokenUrl(keycloak), "ae-system");
        ae.get();
        String[] nhs = Plans.children(work.resolve("soak-plans.csv"), 1);
        long t0 = System.nanoTime();
        boolean found = GatewayApi.lookup(gateway, ae, nhs, false);
        report.line("one lookup after the restart: %s in %.1f ms", found ? "answered with the child's plan" : "FAILED", (System.nanoTime() - t0) / 1e6);
        put("restart.lookup", found ? 1 : 0);
        save();
    }

    private void summary() {
        report.section("summary against issue 14's targets");
        target("end / start lookup throughput", "ratio", "%.2f", "0.90-1.10", v -> v >= 0.90 && v <= 1.10);
        if (Double.parseDouble(figures.getProperty("ratio", "0")) > 1.10) {
            report.line("  (END faster than START: START measured a gateway still warming up, so the ratio says nothing; more WARM_UP_ROUNDS)");
        }
        target("lookup p99 at the fixed rate during the audit export, ms", "export.p99", "%.2f", "<= 25", v -> v <= 25);
        scale("audit records exported", "export.records", 500_000);
        target("offline verify of the export, exit status", "verify.exit", "%.0f", "0 (valid)", v -> v == 0);
        for (String kind : List.of("first", "offset", "keyset", "dv", "access")) {
            target("inbox p99, " + kind + " pages, ms", "inbox." + kind + ".p99", "%.2f", "<= 50", v -> v <= 50);
        }
        scale("inbox messages in the store (rows; the API counts to 10,000)", "store.inbox", 1_000_000);
        target("store size / data size (compacted copy)", "store.ratio", "%.2f", "<= 2", v -> v <= 2);
        target("restart after SIGKILL to health 200, s", "restart.seconds", "%.1f", "<= 30", v -> v <= 30);
        target("a lookup after the restart", "restart.lookup", "%.0f", "1 (answered)", v -> v == 1);
        target("errors (lookups, DV notifications, documents, export)", "measure.errors", "%,.0f", "0", v -> v == 0);
        if (report.file != null) {
            report.line("figures also in %s", relative(work.resolve("soak-results.txt")));
        }
    }

    /** Not a target: whether the run was as large as the soak the targets are for. */
    private void scale(String label, String key, long full) {
        String value = figures.getProperty(key);
        double v = value == null ? Double.NaN : Double.parseDouble(value);
        report.line("%-64s %14s   scale  %-12s %s", label, value == null ? "not measured" : String.format("%,.0f", v), String.format(">= %,d", full),
                value == null ? "" : v >= full ? "full size" : "a smaller run than the targets are for");
    }

    private void target(String label, String key, String format, String target, java.util.function.DoublePredicate met) {
        String value = figures.getProperty(key);
        if (value == null) {
            report.line("%-64s %14s   target %-12s %s", label, "not measured", target, "");
            return;
        }
        double v = Double.parseDouble(value);
        report.line("%-64s %14s   target %-12s %s", label, String.format(format, v), target,
                met == null ? "" : met.test(v) ? "met" : "NOT MET");
    }

    // ---------------------------------------------------------------------------------------------------------- helpers

    private long total(String path, Token token) {
        try {
            return total(BenchHttp.get(gateway + path, token));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long total(String answer) {
        Matcher m = TOTAL.matcher(answer);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String next(String answer) {
        Matcher m = NEXT.matcher(answer);
        return m.find() ? m.group(1) : null;
    }

    /** Polls until the count reaches {@code expected} or stays unchanged for 10 s, at most {@code atMost}; answers the last count. */
    private static long settle(Supplier<Long> count, long expected, Duration atMost) throws InterruptedException {
        long until = System.nanoTime() + atMost.toNanos();
        long last = -1;
        long since = System.nanoTime();
        while (true) {
            long now = count.get();
            if (now >= expected || System.nanoTime() - until > 0) {
                return now;
            }
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > 10_000_000_000L) {
                return now;
            }
            Thread.sleep(200);
        }
    }

    /** Minutes-like synthetic UTF-8 text of about {@code bytes} bytes. */
    static byte[] synthetic(int bytes) {
        StringBuilder text = new StringBuilder(bytes + 100);
        for (int line = 1; text.length() < bytes; line++) {
            text.append("Review child protection conference, minutes (synthetic soak text), paragraph ").append(line)
                    .append(": attendance, the plan's progress, the core group's actions and the date of the next review.\n");
        }
        return text.substring(0, bytes).getBytes(StandardCharsets.UTF_8);
    }

    static int knob(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim().replace("_", "").replace(",", ""));
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // gone meanwhile (a temporary file)
        }
    }

    /** The bytes of the regular files under a directory. */
    static long size(Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(Soak::sizeOf).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    private static long megabytes(long bytes) {
        return bytes < 0 ? -1 : Math.round(bytes / 1048576.0);
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private String relative(Path path) {
        Path root = work.toAbsolutePath().getParent() == null ? null : work.toAbsolutePath().getParent().getParent();
        return root != null && path.toAbsolutePath().startsWith(root) ? root.relativize(path.toAbsolutePath()).toString() : path.toString();
    }

    private void put(String key, double value) {
        figures.setProperty(key, Double.toString(value));
    }

    private void save() throws IOException {
        try (Writer out = Files.newBufferedWriter(work.resolve("soak-figures.properties"))) {
            figures.store(out, "bench/run soak: the figures the summary reads");
        }
    }
}
