package org.safeguarding.gateway.bench;

import static org.safeguarding.gateway.bench.BenchHttp.HTTP;
import static org.safeguarding.gateway.bench.BenchHttp.request;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.safeguarding.gateway.bench.BenchHttp.Token;
import org.safeguarding.gateway.bench.Load.Result;

/**
 * Per-organisation rate limits (#19), bench/run rate-limit: one organisation's runaway client against another's steady
 * lookups, on one gateway. A&E ({@code ae-system}, {@code ae-royal-derby}, with an override far above what it sends) looks
 * up the demo child open-loop at a fixed rate, its latency timed from when each lookup was due; in the same run, side by side:
 * <ol>
 *   <li>the baseline: the lookups alone;</li>
 *   <li>a police force's system ({@code police-system}, {@code police-derbyshire}, held to the gateway's default limit)
 *       reading its inbox from many threads back to back: answered 429 beyond its limit (a flood: a closed loop, so it
 *       takes whatever the two cores the driver shares with the gateway will give it);</li>
 *   <li>the same system sending at a fixed rate twenty times its limit (a burst: open loop, what a client stuck in a
 *       retry loop with no back-off sends), the way a client elsewhere on the network would, its rate its own and not
 *       the machine's;</li>
 *   <li>for contrast, the same runaway burst from an organisation with no effective limit ({@code la-derby-system},
 *       {@code la-derby}, overridden far out of reach): what the lookups would meet without the limiter;</li>
 *   <li>the baseline again, for drift over the run.</li>
 * </ol>
 * Usage: RateLimitBench gatewayUrl keycloakUrl seconds lookupRate burstConcurrency burstRate resultsFile
 */
public final class RateLimitBench {

    private static final String AVA = "9997709144";
    private static final int WARM_UP_SECONDS = 30;

    private RateLimitBench() {}

    /** What a burst's requests were answered: served, refused by the limit, anything else. */
    private record Burst(Result load, long served, long limited, long other) {}

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String tokenUrl = BenchHttp.tokenUrl(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int rate = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        int burstRate = Integer.parseInt(args[5]);
        Report report = new Report(Path.of(args[6]), true);
        Token ae = BenchHttp.client(tokenUrl, "ae-system");
        Token police = BenchHttp.client(tokenUrl, "police-system");
        Token la = BenchHttp.client(tokenUrl, "la-derby-system");

        System.out.printf("warming up for %d s: lookups, inbox reads and refusals...%n", 2 * WARM_UP_SECONDS);
        Load.closedLoop(WARM_UP_SECONDS, 8, n -> GatewayApi.lookup(gateway, ae, AVA, false));
        CompletableFuture<Burst> warm = burst(gateway, la, WARM_UP_SECONDS, concurrency);
        burst(gateway, police, WARM_UP_SECONDS, concurrency).join();
        warm.join();

        System.out.printf("phases of %d s: lookups at %d/s alone, beside a limited flood (%d threads), beside a limited burst at %d/s,"
                + " beside an unlimited flood, alone%n", seconds, rate, concurrency, burstRate);
        Result baseline = lookups(gateway, ae, rate, seconds);
        CompletableFuture<Burst> limitedBurst = burst(gateway, police, seconds, concurrency);
        Result besideLimited = lookups(gateway, ae, rate, seconds);
        Burst limited = limitedBurst.join();
        CompletableFuture<Burst> fixedRateBurst = burstAt(gateway, police, seconds, burstRate);
        Result besideFixedRate = lookups(gateway, ae, rate, seconds);
        Burst atFixedRate = fixedRateBurst.join();
        CompletableFuture<Burst> unlimitedBurst = burst(gateway, la, seconds, concurrency);
        Result besideUnlimited = lookups(gateway, ae, rate, seconds);
        Burst unlimited = unlimitedBurst.join();
        Result baselineAgain = lookups(gateway, ae, rate, seconds);

        report.section("rate-limit: ae-royal-derby's lookups at " + rate + "/s (open loop), " + seconds + " s a phase");
        report.line("%-58s %10s %9s %9s %7s", "ae-royal-derby's lookups", "lookups/s", "p50 ms", "p99 ms", "errors");
        report.row("alone (baseline)", baseline);
        report.row("beside police-derbyshire's flood, rate-limited", besideLimited);
        report.row("beside police-derbyshire's burst at " + burstRate + "/s, rate-limited", besideFixedRate);
        report.row("beside la-derby's flood, not limited (contrast)", besideUnlimited);
        report.row("alone again (baseline)", baselineAgain);
        report.line("");
        report.line("%-58s %9s %9s %9s %9s %7s %9s", "GET /api/v1/inbox", "requests", "/s", "200", "429", "other", "p99 ms");
        print(report, "police-derbyshire's flood (" + concurrency + " threads), default limit", limited);
        print(report, "police-derbyshire's burst at " + burstRate + "/s, default limit", atFixedRate);
        print(report, "la-derby's flood (" + concurrency + " threads), out of reach", unlimited);
        report.line("");
        report.line("p99 of the other organisation's lookups (target < 25 ms): beside the limited burst at %d/s %.1f ms; beside the"
                + " limited flood %.1f ms; alone %.1f ms", burstRate, besideFixedRate.percentile(99), besideLimited.percentile(99),
                baseline.percentile(99));
    }

    private static Result lookups(String gateway, Token token, int rate, int seconds) throws InterruptedException {
        return Load.fixedRate(rate, seconds, n -> GatewayApi.lookup(gateway, token, AVA, false));
    }

    /** {@code concurrency} threads reading the caller's inbox back to back for {@code seconds}, paying no heed to 429s. */
    private static CompletableFuture<Burst> burst(String gateway, Token token, int seconds, int concurrency) {
        return inboxReads(gateway, token, reads -> Load.closedLoop(Duration.ofSeconds(seconds), concurrency, reads));
    }

    /** The caller's inbox read {@code rate} times a second for {@code seconds}, however it is answered (open loop). */
    private static CompletableFuture<Burst> burstAt(String gateway, Token token, int seconds, int rate) {
        return inboxReads(gateway, token, reads -> Load.fixedRate(rate, seconds, reads));
    }

    /** How a burst's reads are driven: back to back, or at a rate. */
    private interface Driver {
        Result drive(Load.Operation reads) throws InterruptedException;
    }

    /** Inbox reads as the driver sends them, on a thread of their own, each answer counted as served, refused or other. */
    private static CompletableFuture<Burst> inboxReads(String gateway, Token token, Driver driver) {
        AtomicLong served = new AtomicLong();
        AtomicLong limited = new AtomicLong();
        AtomicLong other = new AtomicLong();
        return CompletableFuture.supplyAsync(() -> {
            try {
                Result load = driver.drive(n -> {
                    int status = inbox(gateway, token);
                    (status == 200 ? served : status == 429 ? limited : other).incrementAndGet();
                    return status == 200 || status == 429;
                });
                return new Burst(load, served.get(), limited.get(), other.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private static int inbox(String gateway, Token token) throws IOException, InterruptedException {
        HttpResponse<Void> answer = HTTP.send(request(gateway + "/api/v1/inbox?size=5", token).build(), HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() != 200 && answer.statusCode() != 429) {
            Load.noteError("inbox answered " + answer.statusCode());
        }
        return answer.statusCode();
    }

    private static void print(Report report, String label, Burst burst) {
        report.line("%-58s %9d %9.1f %9d %9d %7d %9.2f", label, burst.load().count(), burst.load().perSecond(), burst.served(), burst.limited(),
                burst.other(), burst.load().percentile(99));
    }
}
