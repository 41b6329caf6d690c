package org.safeguarding.gateway.bench;

import static org.safeguarding.gateway.bench.BenchHttp.HTTP;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.safeguarding.gateway.bench.BenchHttp.Token;
import org.safeguarding.gateway.bench.Load.Result;

/**
 * The CP lookup benchmark (bench/run lookup): loads the register through the batch upload, then
 * drives authenticated CareTeam lookups of random children against the full gateway and, side by
 * side, against {@link BareCpServer} serving the same plans with no security, audit or
 * notification. Reports closed-loop throughput for both, latency at a fixed 300 lookups/s, and
 * the gateway's latency with 10,000 plans against that with the full register.
 * Usage: LookupBench gatewayUrl keycloakUrl barePort plans.csv plans seconds (the bare server is started here, as its own process)
 */
public final class LookupBench {

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
        String tokenUrl = BenchHttp.tokenUrl(keycloak);
        if (args.length > 6) {
            auditComparison(args[6], gateway, tokenUrl, csv, seconds);
            return;
        }
        String[] nhs = Plans.write(csv, plans);
        Token la = BenchHttp.client(tokenUrl, "la-derby-system");

        long t0 = System.nanoTime();
        GatewayApi.uploadBatch(gateway, la, csv, 0, SMALL);
        System.out.printf("loaded %,d plans in %.1f s%n", SMALL, (System.nanoTime() - t0) / 1e9);
        Token lookups = BenchHttp.client(tokenUrl, "ae-system");
        // warm-ups run the whole notifying path (so it is compiled) at a rate it keeps up with (so no backlog
        // of access notifications is left to load the phase that follows); silent reads warm the rest
        silent = BenchHttp.user(tokenUrl, "safeguarding.nurse");
        String[] small = smallSet(csv);
        closedLoop(gateway, silent, small, 10, 8);
        fixedRate(gateway, lookups, small, 20, 200);
        Result gatewaySmall = fixedRate(gateway, lookups, small, seconds);

        t0 = System.nanoTime();
        for (int from = SMALL; from < plans; from += 100_000) {
            GatewayApi.uploadBatch(gateway, la, csv, from, Math.min(plans, from + 100_000));
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
        System.out.printf("errors: gateway %d, bare %d%n", gatewaySmall.errors() + gatewayLarge.errors() + gatewayMax.errors() + gatewaySilent.errors(),
                bareLarge.errors() + bareMax.errors());
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
        Token lookups = BenchHttp.client(tokenUrl, "ae-system");
        silent = BenchHttp.user(tokenUrl, "safeguarding.nurse");
        closedLoop(gateway, silent, nhs, 20, 8);
        fixedRate(gateway, lookups, nhs, 20, 200);
        Result silentReads = closedLoop(gateway, silent, nhs, seconds, 16);
        Result notifying = closedLoop(gateway, lookups, nhs, seconds, 16);
        Path unaudited = csv.resolveSibling("lookup-unaudited.txt");
        if (mode.equals("audit-off")) {
            Files.writeString(unaudited, silentReads.perSecond() + " " + silentReads.percentile(50) + " " + silentReads.percentile(99) + " "
                    + notifying.perSecond() + " " + notifying.percentile(50) + " " + notifying.percentile(99) + "\n");
            System.out.printf("unaudited: silent %.1f/s, notifying %.1f/s, errors %d%n", silentReads.perSecond(), notifying.perSecond(),
                    silentReads.errors() + notifying.errors());
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
        System.out.printf("errors: %d%n", silentReads.errors() + notifying.errors());
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
        return Plans.children(csv, SMALL);
    }

    private static void print(String label, Result r) {
        System.out.printf("%-52s %10.1f %9.2f %9.2f%n", label, r.perSecond(), r.percentile(50), r.percentile(99));
    }

    private static void warm(String base, Token token, String[] nhs) throws InterruptedException {
        closedLoop(base, token, nhs, 5, 8);
    }

    /** Requests at a fixed rate, timed from when each was due (so a slow answer cannot hide the queue behind it). */
    private static Result fixedRate(String base, Token token, String[] nhs, int seconds) throws InterruptedException {
        return fixedRate(base, token, nhs, seconds, RATE);
    }

    private static Result fixedRate(String base, Token token, String[] nhs, int seconds, int rate) throws InterruptedException {
        return Load.fixedRate(rate, seconds, n -> GatewayApi.lookup(base, token, nhs, token == silent));
    }

    private static Result closedLoop(String base, Token token, String[] nhs, int seconds, int concurrency) throws InterruptedException {
        return Load.closedLoop(seconds, concurrency, n -> GatewayApi.lookup(base, token, nhs, token == silent));
    }
}
