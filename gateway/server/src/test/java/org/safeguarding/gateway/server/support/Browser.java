package org.safeguarding.gateway.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for the console's tests: Debian's Chromium, headless, driven by Debian's chromedriver (no tool
 * downloads a browser here). One per test class; each sign-in starts from no cookies, Keycloak's included.
 */
public final class Browser implements AutoCloseable {

    private static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start() {
        try {
            Path profile = Files.createTempDirectory("console-browser");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--window-size=1280,1024", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens {@code url} with no cookies, signs in on Keycloak's own page, and waits to be back on the gateway. */
    public void signIn(String url, String username) {
        forgetEveryone();
        driver.get(url);
        signInOnKeycloak(username);
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !d.getCurrentUrl().contains("/realms/"));
    }

    /** On Keycloak's sign-in page (the real one, its form and its ids): username, password "demo", sign in. */
    public void signInOnKeycloak(String username) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys("demo");
        driver.findElement(By.id("kc-login")).click();
    }

    /**
     * Forgets every cookie, Keycloak's single sign-on ones too: WebDriver's own deleteAllCookies removes only those the
     * current page can see, which leaves Keycloak's (path /realms/...) and signs the next person in as the last.
     */
    public void forgetEveryone() {
        driver.executeCdpCommand("Network.clearBrowserCookies", java.util.Map.of());
    }

    /** The console's session cookie, to ask the same session over plain HTTP (status codes, forms without a token). */
    public String sessionCookie() {
        Cookie cookie = driver.manage().getCookieNamed("SESSION");
        return cookie == null ? null : "SESSION=" + cookie.getValue();
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public String text(String css) {
        return find(css).getText();
    }

    public WebElement await(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /**
     * axe-core (the npm package the build installs) run in the page as it is now: the serious and critical violations
     * of WCAG 2.0, 2.1 and 2.2 A and AA, one line each. WebDriver's scripts are the test's, not the page's: the page's
     * Content-Security-Policy does not apply to them.
     */
    public List<String> seriousAccessibilityViolations() {
        driver.executeScript(AXE.get());
        Object found = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
                  .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                  .catch(e => done(['axe failed: ' + e]));""");
        return ((List<?>) found).stream().map(String::valueOf).toList();
    }

    /** The page as it looks now, saved as {@code name}.png in the screenshots folder (target/, copied to docs/ by hand). */
    public Path screenshot(String name) {
        try {
            Path folder = Files.createDirectories(Path.of(System.getProperty("screenshots.directory", "target/console-screenshots")));
            Path file = folder.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Supplier<String> AXE = memoize(() -> {
        Path script = Path.of(System.getProperty("axe.script", "target/browser/node_modules/axe-core/axe.min.js"));
        try {
            return Files.readString(script);
        } catch (IOException e) {
            throw new UncheckedIOException("axe-core is not installed at " + script + " (./mvnw verify runs npm ci in pre-integration-test)", e);
        }
    });

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder: the system's to clean
        }
    }
}
