package org.safeguarding.gateway.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The load generators' one HTTP client, and Keycloak tokens renewed before they expire. */
final class BenchHttp {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");
    private static final Pattern EXPIRES_IN = Pattern.compile("\"expires_in\":(\\d+)");
    /** Renewed this long before Keycloak's expiry, so that no request carries a token about to lapse (the gateway allows 30 s of skew). */
    private static final long MARGIN_NANOS = 60_000_000_000L;

    private BenchHttp() {}

    static String tokenUrl(String keycloak) {
        return keycloak + "/realms/safeguarding/protocol/openid-connect/token";
    }

    /** A system client's token (client credentials), e.g. {@code ae-system} with {@code demo-ae-system-secret}. */
    static Token client(String tokenUrl, String clientId) {
        return new Token(tokenUrl, "grant_type=client_credentials&client_id=" + clientId + "&client_secret=demo-" + clientId + "-secret");
    }

    /** A demo user's token (password {@code demo}, public client {@code demo-cli}). */
    static Token user(String tokenUrl, String username) {
        return new Token(tokenUrl, "grant_type=password&client_id=demo-cli&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=demo");
    }

    /**
     * An access token, fetched on first use and again {@link #MARGIN_NANOS} before Keycloak's {@code expires_in} runs out
     * (300 s in the demo realm). One thread renews while the others go on with the current token, so a renewal does not
     * stall a loop's threads; a failed renewal keeps the current token while it is still valid and tries again on a later
     * use, so a Keycloak hiccup costs no request that could have gone through. {@code new Token(null, null)} is no token
     * (a server without security).
     */
    static final class Token implements Supplier<String> {
        private final String url;
        private final String form;
        private volatile String value;
        private volatile long renewAt;
        private volatile long expiresAt;
        private final AtomicLong fetched = new AtomicLong();
        private final java.util.concurrent.locks.ReentrantLock renewing = new java.util.concurrent.locks.ReentrantLock();

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
            long now = System.nanoTime();
            if (current != null && now - renewAt < 0) {
                return current;
            }
            if (current != null && now - expiresAt < -MARGIN_NANOS / 2) {
                // due for renewal but still valid for a while: renew unless another thread is at it
                if (!renewing.tryLock()) {
                    return current;
                }
            } else {
                renewing.lock();
            }
            try {
                return renew();
            } finally {
                renewing.unlock();
            }
        }

        /** How many tokens were fetched (the first and every renewal). */
        long fetched() {
            return fetched.get();
        }

        /** Called holding {@link #renewing}. */
        private String renew() {
            long now = System.nanoTime();
            if (value != null && now - renewAt < 0) {
                return value;
            }
            try {
                String body = expect(HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()), 200);
                Matcher token = ACCESS_TOKEN.matcher(body);
                if (!token.find()) {
                    throw new IllegalStateException("no token in " + body);
                }
                Matcher expires = EXPIRES_IN.matcher(body);
                long lifetime = (expires.find() ? Long.parseLong(expires.group(1)) : 300) * 1_000_000_000L;
                value = token.group(1);
                expiresAt = now + lifetime;
                renewAt = now + Math.max(lifetime / 2, lifetime - MARGIN_NANOS);
                fetched.incrementAndGet();
                return value;
            } catch (IOException | RuntimeException e) {
                if (value != null && now - expiresAt < -MARGIN_NANOS / 2) {
                    renewAt = now + 5_000_000_000L; // still valid for a while: try again in a few seconds
                    return value;
                }
                throw new IllegalStateException("no token from " + url + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static HttpRequest.Builder request(String url, Token token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        String bearer = token == null ? null : token.get();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return request;
    }

    /** GET, expecting 200. */
    static String get(String url, Token token) throws IOException, InterruptedException {
        return expect(HTTP.send(request(url, token).build(), HttpResponse.BodyHandlers.ofString()), 200);
    }

    static String expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        return response.body();
    }

    static String abbreviate(String body) {
        return body == null ? "" : body.length() <= 500 ? body : body.substring(0, 500) + "...";
    }
}
