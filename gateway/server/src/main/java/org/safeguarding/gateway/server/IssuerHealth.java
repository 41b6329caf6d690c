package org.safeguarding.gateway.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** The gateway is healthy only while it can fetch the issuer's signing keys: without them no token verifies. */
@Component("issuer")
public class IssuerHealth implements HealthIndicator {

    private final URI keys;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public IssuerHealth(GatewayProperties properties) {
        this.keys = URI.create(properties.issuerUri().replaceAll("/+$", "") + "/protocol/openid-connect/certs");
    }

    @Override
    public Health health() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(keys).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200
                    ? Health.up().withDetail("jwks", keys.toString()).build()
                    : Health.down().withDetail("jwks", keys + " answered " + response.statusCode()).build();
        } catch (Exception e) {
            return Health.down().withDetail("jwks", keys + " unreachable: " + e.getMessage()).build();
        }
    }
}
