package org.safeguarding.gateway.core.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs the envelope ({@code application/pkcs7-mime}) to the agency's HTTPS endpoint with a
 * stable {@code Message-Id} (the delivery id), so the receiver can drop a copy it already has.
 */
public class HttpsPushChannel implements PushChannel {

    private final HttpClient http;
    private final Duration timeout;

    public HttpsPushChannel(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public void push(String url, Delivery delivery, byte[] envelope) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/pkcs7-mime; smime-type=enveloped-data")
                .header("Message-Id", delivery.id())
                .header("X-Message-Type", delivery.messageType())
                .header("X-Reference", delivery.reference())
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope)).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new PushFailed(url + " answered " + response.statusCode(), null);
            }
        } catch (IOException e) {
            throw new PushFailed(url + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PushFailed("interrupted while pushing to " + url, e);
        }
    }
}
