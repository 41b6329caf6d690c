package org.safeguarding.gateway.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every console browser test needs beside the shared gateway: one real browser per class, axe-core and a
 * screenshot per page, and the same session asked over plain HTTP (status codes, forms with or without their token).
 */
public abstract class ConsoleBrowserTest extends GatewayIntegrationTest {

    protected static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    protected static Browser browser;

    protected final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** axe-core finds no serious or critical WCAG 2.2 A/AA violation on the page; a screenshot of it for docs/. */
    protected static void accessible(String page) {
        assertThat(browser.seriousAccessibilityViolations()).as("axe-core on " + page).isEmpty();
        browser.screenshot(page);
    }

    protected HttpResponse<String> get(String path, String cookie) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.base() + path)).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A urlencoded form posted in the session, as the browser would (with or without its token in {@code form}). */
    protected HttpResponse<String> postForm(String path, String cookie, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.base() + path)).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The form token of the signed-in browser's session, as the page's forms carry it. */
    protected String csrfToken(String page) throws Exception {
        return csrfToken(page, browser.sessionCookie());
    }

    protected String csrfToken(String page, String cookie) throws Exception {
        Matcher token = CSRF.matcher(get(page, cookie).body());
        assertThat(token.find()).as("a form token on " + page).isTrue();
        return token.group(1);
    }
}
