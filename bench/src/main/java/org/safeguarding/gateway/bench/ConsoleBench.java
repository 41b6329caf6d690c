package org.safeguarding.gateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.safeguarding.gateway.bench.BenchHttp.Token;

/**
 * The web console's check of a child, timed in the browser (bench/run console): an A&E clinician signed in through
 * Keycloak types an NHS number and presses Check; the figure is the answer page's own Navigation Timing, from the
 * form's submission to the page loaded (its style sheets and script included), read in Chromium. Baseline, side by
 * side in the same run: the same lookup through the API (a FHIR CareTeam search with a bearer token), timed by
 * the HTTP client; the difference is what the console adds to the lookup.
 * <pre>
 *   ConsoleBench gatewayUrl keycloakUrl rounds
 * </pre>
 */
public final class ConsoleBench {

    /** Demo children with plans in la-derby (seeds/demo): the answer card shows each one's plan and whom to ring. */
    private static final String[] CHILDREN = {"9997709144", "9995341654", "9993828963", "9999315968"};

    private ConsoleBench() {}

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        String gateway = args[0];
        String keycloak = args[1];
        int rounds = Integer.parseInt(args[2]);
        Path profile = Files.createTempDirectory("console-bench");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,1024", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")).toFile()).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(gateway + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("ae.clinician");
            browser.findElement(By.id("password")).sendKeys("demo");
            browser.findElement(By.id("kc-login")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nhsNumber")));

            System.out.printf("machine: %d cores; %s; the console's check of a child against the API's lookup, %d rounds each after %d warm-up%n",
                    Runtime.getRuntime().availableProcessors(), browser.getCapabilities().getBrowserName() + " "
                            + browser.getCapabilities().getBrowserVersion(), rounds, rounds / 2);
            long[][] warm = check(browser, wait, rounds / 2);
            long[][] console = check(browser, wait, rounds);
            Token ae = BenchHttp.client(BenchHttp.tokenUrl(keycloak), "ae-system");
            ae.get();
            api(gateway, ae, rounds / 2);
            long[] api = api(gateway, ae, rounds);
            System.out.printf("%-66s %9s %9s %9s%n", "", "p50 ms", "p90 ms", "p99 ms");
            row("console: submit -> first byte of the answer (browser)", console[0]);
            row("console: submit -> answer page loaded, CSS and script too (browser)", console[1]);
            row("baseline: the same lookup, FHIR CareTeam with a bearer token (HTTP)", api);
            System.out.printf("(warm-up: %d checks, submit -> loaded p50 %.1f ms)%n", warm[1].length, Load.percentile(sorted(warm[1]), 50));
        } finally {
            browser.quit();
        }
    }

    /** Each round: a number typed, Check pressed, the answer waited for; its Navigation Timing read. */
    private static long[][] check(ChromeDriver browser, WebDriverWait wait, int rounds) {
        long[] firstByte = new long[rounds];
        long[] loaded = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            WebElement number = browser.findElement(By.id("nhsNumber"));
            number.clear();
            number.sendKeys(CHILDREN[i % CHILDREN.length]);
            WebElement before = browser.findElement(By.id("check"));
            before.click();
            wait.until(ExpectedConditions.stalenessOf(before));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".govuk-panel__title")));
            wait.until(d -> ((Number) browser.executeScript(
                    "const n = performance.getEntriesByType('navigation')[0]; return n ? n.loadEventEnd : 0;")).doubleValue() > 0);
            @SuppressWarnings("unchecked")
            Map<String, Object> timing = (Map<String, Object>) browser.executeScript("""
                    const n = performance.getEntriesByType('navigation')[0];
                    return {firstByte: n.responseStart - n.startTime, loaded: n.loadEventEnd - n.startTime};""");
            firstByte[i] = (long) (((Number) timing.get("firstByte")).doubleValue() * 1e6);
            loaded[i] = (long) (((Number) timing.get("loaded")).doubleValue() * 1e6);
            if (browser.findElements(By.cssSelector(".console-panel--plan")).isEmpty()) {
                throw new IllegalStateException("the answer was not a plan: " + browser.findElement(By.cssSelector(".govuk-panel__title")).getText());
            }
        }
        return new long[][] {firstByte, loaded};
    }

    private static long[] api(String gateway, Token ae, int rounds) {
        long[] nanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            if (!GatewayApi.lookup(gateway, ae, CHILDREN[i % CHILDREN.length], false)) {
                throw new IllegalStateException("the API lookup failed");
            }
            nanos[i] = System.nanoTime() - t0;
        }
        return nanos;
    }

    private static long[] sorted(long[] nanos) {
        long[] copy = nanos.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static void row(String label, long[] nanos) {
        long[] s = sorted(nanos);
        System.out.printf("%-66s %9.1f %9.1f %9.1f%n", label, Load.percentile(s, 50), Load.percentile(s, 90), Load.percentile(s, 99));
    }

}
