package org.safeguarding.gateway.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CP lookup benchmark (bench/run lookup): loads the register through the batch upload, then
 * drives authenticated CareTeam lookups of random children against the full gateway and, side by
 * side, against {@link BareCpServer} serving the same plans with no security, audit or
 * notification. Reports closed-loop throughput for both, latency at a fixed 300 lookups/s, and
 * the gateway's latency with 10,000 plans against that with the full register.
 * Usage: LookupBench gatewayUrl keycloakUrl barePort plans.csv plans seconds (the bare server is started here, as its own process)
 */
public final class LookupBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");
    private static final String HEADER = "planId,nhsNumber,type,startDate,endDate,localAuthority,givenName,familyName,birthDate";
    private static final int SMALL = 10_000;
    private static final int RATE = 300;
    private static final int ROUNDS = 3;
    private static Token silent;

    private LookupBench() {}

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String keycloak = args[1];
        int barePort = Integer.parseInt(args[2]);
        String bare = "http://localhost:" + barePort;
        Path csv = Path.of(args[3]);
        int plans = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        String tokenUrl = keycloak + "/realms/safeguarding/protocol/openid-connect/token";
        if (args.length > 6) {
            auditComparison(args[6], gateway, tokenUrl, csv, seconds);
            return;
        }
        String[] nhs = writePlans(csv, plans);
        String la = "grant_type=client_credentials&client_id=la-derby-system&client_secret=demo-la-derby-system-secret";
        String ae = "grant_type=client_credentials&client_id=ae-system&client_secret=demo-ae-system-secret";

        long t0 = System.nanoTime();
        upload(gateway, token(tokenUrl, la), csv, 0, SMALL);
        System.out.printf("loaded %,d plans in %.1f s%n", SMALL, (System.nanoTime() - t0) / 1e9);
        Token lookups = new Token(tokenUrl, ae);
        // warm-ups run the whole notifying path (so it is compiled) at a rate it keeps up with (so no backlog
        // of access notifications is left to load the phase that follows); silent reads warm the rest
        silent = new Token(tokenUrl, "grant_type=password&client_id=demo-cli&username=safeguarding.nurse&password=demo");
        String[] small = smallSet(csv);
        closedLoop(gateway, silent, small, 10, 8);
        fixedRate(gateway, lookups, small, 20, 200);
        Result gatewaySmall = fixedRate(gateway, lookups, small, seconds);

        t0 = System.nanoTime();
        for (int from = SMALL; from < plans; from += 100_000) {
            upload(gateway, token(tokenUrl, la), csv, from, Math.min(plans, from + 100_000));
        }
        System.out.printf("loaded %,d plans more in %.1f s%n", plans - SMALL, (System.nanoTime() - t0) / 1e9);
        fixedRate(gateway, lookups, nhs, 20, 200);
        Result gatewayLarge = fixedRate(gateway, lookups, nhs, seconds);
        Process bareServer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp",
                System.getProperty("java.class.path"), BareCpServer.class.getName(), Integer.toString(barePort), csv.toString())
                .redirectErrorStream(true).redirectOutput(csv.resolveSibling("bare-server.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(bareServer::destroy));
        awaitReady(bare + "/fhir/metadata", bareServer);
        Token none = new Token(null, null);
        warm(bare, none, nhs);
        Result bareLarge = fixedRate(bare, none, nhs, seconds);
        // the two closed loops take turns, so whatever the machine gives or takes during the run (other tenants
        // of the host, the page cache) falls on both alike; the ratio is the median of the rounds' ratios
        List<Result> bareRounds = new ArrayList<>();
        List<Result> gatewayRounds = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            bareRounds.add(closedLoop(bare, none, nhs, seconds / ROUNDS, 16));
            gatewayRounds.add(closedLoop(gateway, lookups, nhs, seconds / ROUNDS, 16));
            ratios.add(gatewayRounds.get(round - 1).perSecond() / bareRounds.get(round - 1).perSecond());
            System.out.printf("round %d: gateway %.1f/s, bare %.1f/s, ratio %.2f%n", round, gatewayRounds.get(round - 1).perSecond(),
                    bareRounds.get(round - 1).perSecond(), ratios.get(round - 1));
        }
        bareServer.destroy();
        Result bareMax = Result.pooled(bareRounds);
        Result gatewayMax = Result.pooled(gatewayRounds);
        // silent reads skip the access notification: the gap to the notifying figure is what notifying costs
        Result gatewaySilent = closedLoop(gateway, silent, nhs, seconds, 16);
        double ratio = ratios.stream().sorted().toList().get(ROUNDS / 2);

        System.out.println();
        System.out.printf("%-52s %10s %9s %9s%n", "", "lookups/s", "p50 ms", "p99 ms");
        print("gateway, " + SMALL + " plans, fixed " + RATE + "/s", gatewaySmall);
        print("gateway, " + plans + " plans, fixed " + RATE + "/s", gatewayLarge);
        print("bare HAPI (baseline), " + plans + " plans, fixed " + RATE + "/s", bareLarge);
        print("gateway, " + plans + " plans, closed loop (16), silent reads", gatewaySilent);
        print("gateway, " + plans + " plans, closed loop (16)", gatewayMax);
        print("bare HAPI (baseline), " + plans + " plans, closed loop (16)", bareMax);
        System.out.printf("gateway / bare throughput: %.2f, median of %d alternating rounds (pooled: %.2f; target >= 0.50)%n", ratio, ROUNDS,
                gatewayMax.perSecond() / bareMax.perSecond());
        System.out.printf("gateway p99 at %d/s with %,d plans: %.1f ms (target <= 25 ms)%n", RATE, plans, gatewayLarge.percentile(99));
        System.out.printf("gateway p50 %,d plans / %,d plans: %.2f, p99: %.2f (target <= 1.5)%n", plans, SMALL,
                gatewayLarge.percentile(50) / gatewaySmall.percentile(50), gatewayLarge.percentile(99) / gatewaySmall.percentile(99));
        System.out.printf("errors: gateway %d, bare %d%n", gatewaySmall.errors + gatewayLarge.errors + gatewayMax.errors + gatewaySilent.errors,
                bareLarge.errors + bareMax.errors);
    }

    /**
     * What the audit write costs a lookup. bench/run restarts the same gateway on the same data twice,
     * first with allowed lookups unaudited ({@code audit-off}), then as in service ({@code audit-on});
     * each time the same warm-up, then the same closed loops. The second run prints both.
     */
    private static void auditComparison(String mode, String gateway, String tokenUrl, Path csv, int seconds) throws Exception {
        String[] nhs;
        try (var lines = Files.lines(csv)) {
            nhs = lines.skip(1).map(l -> l.split(",")[1]).distinct().toArray(String[]::new);
        }
        String ae = "grant_type=client_credentials&client_id=ae-system&client_secret=demo-ae-system-secret";
        Token lookups = new Token(tokenUrl, ae);
        silent = new Token(tokenUrl, "grant_type=password&client_id=demo-cli&username=safeguarding.nurse&password=demo");
        closedLoop(gateway, silent, nhs, 20, 8);
        fixedRate(gateway, lookups, nhs, 20, 200);
        Result silentReads = closedLoop(gateway, silent, nhs, seconds, 16);
        Result notifying = closedLoop(gateway, lookups, nhs, seconds, 16);
        Path unaudited = csv.resolveSibling("lookup-unaudited.txt");
        if (mode.equals("audit-off")) {
            Files.writeString(unaudited, silentReads.perSecond() + " " + silentReads.percentile(50) + " " + silentReads.percentile(99) + " "
                    + notifying.perSecond() + " " + notifying.percentile(50) + " " + notifying.percentile(99) + "\n");
            System.out.printf("unaudited: silent %.1f/s, notifying %.1f/s, errors %d%n", silentReads.perSecond(), notifying.perSecond(),
                    silentReads.errors + notifying.errors);
            return;
        }
        double[] off = java.util.Arrays.stream(Files.readString(unaudited).trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
        System.out.println();
        System.out.printf("%-52s %10s %9s %9s%n", "with and without the audit write (restarted, same data)", "lookups/s", "p50 ms", "p99 ms");
        System.out.printf("%-52s %10.1f %9.2f %9.2f%n", "silent reads, closed loop (16), unaudited", off[0], off[1], off[2]);
        print("silent reads, closed loop (16), audited", silentReads);
        System.out.printf("%-52s %10.1f %9.2f %9.2f%n", "notifying, closed loop (16), unaudited", off[3], off[4], off[5]);
        print("notifying, closed loop (16), audited", notifying);
        System.out.printf("with / without audit, silent reads: %.2f%n", silentReads.perSecond() / off[0]);
        System.out.printf("with / without audit, notifying:    %.2f%n", notifying.perSecond() / off[3]);
        System.out.printf("errors: %d%n", silentReads.errors + notifying.errors);
    }

    private static void awaitReady(String url, Process process) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the bare server exited; see bare-server.log");
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // loading the plans
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the bare server did not start");
    }

    /** The children of the first 10,000 plans (those loaded first). */
    private static String[] smallSet(Path csv) throws IOException {
        try (var lines = Files.lines(csv)) {
            return lines.skip(1).limit(SMALL).map(l -> l.split(",")[1]).toArray(String[]::new);
        }
    }

    private static void print(String label, Result r) {
        System.out.printf("%-52s %10.1f %9.2f %9.2f%n", label, r.perSecond(), r.percentile(50), r.percentile(99));
    }

    /**
     * One plan per child for every valid 999-range NHS number (there are about 909,000: 999 000 000 0
     * to 999 999 999 9, less those whose check digit would be 10); past that, children get a second,
     * earlier plan that ended 200 days ago (still visible, inactive). All la-derby.
     *
     * @return the children's NHS numbers, for lookups
     */
    static String[] writePlans(Path csv, int plans) throws IOException {
        List<String> children = new ArrayList<>();
        for (long first9 = 999_000_000L; first9 <= 999_999_999L && children.size() < plans; first9++) {
            String number = withCheckDigit(first9);
            if (number != null) {
                children.add(number);
            }
        }
        LocalDate today = LocalDate.now();
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
            out.write(HEADER);
            out.newLine();
            for (int i = 0; i < plans; i++) {
                String number = children.get(i % children.size());
                boolean earlier = i >= children.size();
                String start = earlier ? today.minusYears(3).toString() : today.minusYears(1).toString();
                String end = earlier ? today.minusDays(200).toString() : "";
                out.write("BENCH-" + i + "," + number + ",CPP," + start + "," + end + ",la-derby,Bench,Child" + (i % 1000) + ","
                        + today.minusYears(4 + i % 12));
                out.newLine();
            }
        }
        java.util.Collections.shuffle(children, new java.util.Random(42));
        return children.toArray(String[]::new);
    }

    static String withCheckDigit(long first9) {
        String digits = Long.toString(first9);
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - sum % 11;
        if (check == 11) {
            check = 0;
        }
        return check == 10 ? null : digits + check;
    }

    private static void upload(String gateway, String token, Path csv, int from, int to) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder(HEADER).append('\n');
        try (var lines = Files.lines(csv)) {
            lines.skip(1L + from).limit(to - from).forEach(l -> body.append(l).append('\n'));
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/plans/batch"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"status\":\"accepted\"")) {
            throw new IllegalStateException("batch upload answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(500, response.body().length())));
        }
    }

    record Result(long count, long errors, double seconds, long[] sortedNanos) {
        double perSecond() {
            return count / seconds;
        }

        /** Several runs of the same loop as one: their requests over their summed time. */
        static Result pooled(List<Result> runs) {
            return new Result(runs.stream().mapToLong(Result::count).sum(), runs.stream().mapToLong(Result::errors).sum(),
                    runs.stream().mapToDouble(Result::seconds).sum(),
                    runs.stream().flatMapToLong(r -> Arrays.stream(r.sortedNanos())).sorted().toArray());
        }

        double percentile(int p) {
            return sortedNanos.length == 0 ? Double.NaN
                    : sortedNanos[Math.min(sortedNanos.length - 1, (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1)] / 1e6;
        }
    }

    private static void warm(String base, Token token, String[] nhs) throws InterruptedException {
        closedLoop(base, token, nhs, 5, 8);
    }

    /** Requests at a fixed rate, timed from when each was due (so a slow answer cannot hide the queue behind it). */
    private static Result fixedRate(String base, Token token, String[] nhs, int seconds) throws InterruptedException {
        return fixedRate(base, token, nhs, seconds, RATE);
    }

    private static Result fixedRate(String base, Token token, String[] nhs, int seconds, int rate) throws InterruptedException {
        long start = System.nanoTime() + 50_000_000L;
        long total = (long) rate * seconds;
        long interval = 1_000_000_000L / rate;
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        int threads = 48;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            new Thread(() -> {
                long i;
                while ((i = next.getAndIncrement()) < total) {
                    long due = start + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    if (!lookup(base, token, nhs)) {
                        errors.incrementAndGet();
                    }
                    latencies.add(System.nanoTime() - due);
                }
                done.countDown();
            }).start();
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(total, errors.get(), elapsed, latencies.stream().mapToLong(Long::longValue).sorted().toArray());
    }

    private static Result closedLoop(String base, Token token, String[] nhs, int seconds, int concurrency) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong count = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            new Thread(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    if (!lookup(base, token, nhs)) {
                        errors.incrementAndGet();
                    }
                    latencies.add(System.nanoTime() - t0);
                    count.incrementAndGet();
                }
                done.countDown();
            }).start();
        }
        done.await();
        return new Result(count.get(), errors.get(), (System.nanoTime() - start) / 1e9,
                latencies.stream().mapToLong(Long::longValue).sorted().toArray());
    }

    private static boolean lookup(String base, Token token, String[] nhs) {
        String number = nhs[ThreadLocalRandom.current().nextInt(nhs.length)];
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base
                + "/fhir/CareTeam?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C" + number));
        String bearer = token.get();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (token == silent) {
            request.header("IsUnscheduledAccessEvent", "false");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"total\":") && !response.body().contains("\"total\":0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A client-credentials token renewed before it expires (Keycloak's last 300 s). */
    static final class Token implements Supplier<String> {
        private final String url;
        private final String form;
        private volatile String value;
        private volatile long fetchedAt;

        Token(String url, String form) {
            this.url = url;
            this.form = form;
        }

        @Override
        public String get() {
            if (url == null) {
                return null;
            }
            String current = value;
            if (current != null && System.nanoTime() - fetchedAt < 200_000_000_000L) {
                return current;
            }
            return renew();
        }

        private synchronized String renew() {
            if (value == null || System.nanoTime() - fetchedAt > 200_000_000_000L) {
                try {
                    value = token(url, form);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                fetchedAt = System.nanoTime();
            }
            return value;
        }
    }

    static String token(String url, String form) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = TOKEN.matcher(response.body());
        if (!m.find()) {
            throw new IllegalStateException("no token: " + response.body());
        }
        return m.group(1);
    }
}
