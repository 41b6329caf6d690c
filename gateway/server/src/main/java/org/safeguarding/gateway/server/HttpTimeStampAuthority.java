package org.safeguarding.gateway.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.safeguarding.gateway.security.audit.TimeStampAuthority;

/**
 * RFC 3161 over HTTP (RFC 3161 3.4): one POST of {@code application/timestamp-query}, answered by 200 and
 * {@code application/timestamp-reply}. Only carries bytes; {@code TimeStamps.stamp} makes the request and checks the
 * answer. The timeout bounds the connection and the wait for the answer; redirects are not followed. Thread-safe.
 */
public final class HttpTimeStampAuthority implements TimeStampAuthority {

    static final String QUERY = "application/timestamp-query";
    static final String REPLY = "application/timestamp-reply";
    /** A time-stamp reply is a few kilobytes; more is not a TSA talking. */
    private static final int MAX_REPLY_BYTES = 1 << 20;

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;

    public HttpTimeStampAuthority(URI url, Duration timeout) {
        this.url = Objects.requireNonNull(url, "url");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("a TSA URL must be http or https: " + url);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the TSA timeout must be positive: " + timeout);
        }
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public byte[] exchange(byte[] timeStampRequestDer) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", QUERY)
                .header("Accept", REPLY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Objects.requireNonNull(timeStampRequestDer, "timeStampRequestDer")))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the TSA at " + url);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("the TSA at " + url + " answered HTTP " + response.statusCode());
            }
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            if (!mediaType(contentType).equals(REPLY)) {
                throw new IOException("the TSA at " + url + " answered HTTP 200 with "
                        + (contentType.isEmpty() ? "no content type" : "content type " + contentType) + ", not " + REPLY);
            }
            byte[] reply = body.readNBytes(MAX_REPLY_BYTES + 1);
            if (reply.length > MAX_REPLY_BYTES) {
                throw new IOException("the TSA at " + url + " answered more than " + MAX_REPLY_BYTES + " bytes");
            }
            return reply;
        }
    }

    /** "Application/TimeStamp-Reply; charset=x" is application/timestamp-reply. */
    private static String mediaType(String contentType) {
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "TSA " + url;
    }
}
