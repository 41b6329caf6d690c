package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Tokens;
import tools.jackson.databind.JsonNode;

/**
 * Every answer carries the headers a browser needs to keep the gateway's data to itself, on the API, FHIR, actuator and
 * console alike (answers and refusals): no MIME sniffing, no framing, no Referer, not cached; the console's pages a
 * Content-Security-Policy. HSTS is sent on HTTPS only (Spring Security's rule): these tests speak plain HTTP on loopback.
 * And health shows only its status to anyone but an operator.
 */
class SecurityHeadersIT extends GatewayIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpHeaders headers(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).headers();
    }

    @Test
    void everyKindOfAnswerCarriesTheBrowserProtections() throws Exception {
        Map<String, String> answers = Map.of(
                "/api/v1/inbox", Tokens.user("sw.derby"),                  // an answer
                "/api/v1/audit/verify", Tokens.user("sw.derby"),           // a refusal (403)
                "/api/v1/plans/DER-CPP-0001", "",                          // no token (401)
                "/fhir/metadata", "",                                      // FHIR, public
                "/actuator/health", "",                                    // health, public
                "/", "",                                                   // the console: a redirect to sign-in
                "/webjars/govuk-frontend/5.14.0/dist/govuk/govuk-frontend.min.css", "");
        for (var answer : answers.entrySet()) {
            HttpHeaders h = headers(answer.getKey(), answer.getValue().isEmpty() ? null : answer.getValue());
            assertThat(h.firstValue("X-Content-Type-Options")).as(answer.getKey()).hasValue("nosniff");
            assertThat(h.firstValue("X-Frame-Options")).as(answer.getKey()).hasValue("DENY");
            assertThat(h.firstValue("Strict-Transport-Security")).as(answer.getKey() + " over plain HTTP").isEmpty();
        }
        for (String path : new String[] {"/api/v1/inbox", "/fhir/metadata", "/actuator/health"}) {
            HttpHeaders h = headers(path, path.startsWith("/api") ? Tokens.user("sw.derby") : null);
            assertThat(h.firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
            assertThat(h.firstValue("Cache-Control").orElse("")).as(path).contains("no-store");
        }
        HttpHeaders console = headers("/", null);
        assertThat(console.firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'").contains("frame-ancestors 'none'");
    }

    @Test
    void healthShowsWhichPartIsDownOnlyToOperators() {
        for (String token : new String[] {null, Tokens.user("sw.derby"), Tokens.user("auditor")}) {
            JsonNode health = api.get("/actuator/health", token).json();
            assertThat(health.get("status").asString()).isEqualTo("UP");
            assertThat(health.has("components")).as("components shown to " + (token == null ? "no one signed in" : "a non-operator")).isFalse();
        }
        JsonNode operators = api.get("/actuator/health", Tokens.user("ops")).json();
        assertThat(operators.get("components").get("store").get("status").asString()).isEqualTo("UP");
        assertThat(operators.get("components").get("broker").get("status").asString()).isEqualTo("UP");
    }
}
