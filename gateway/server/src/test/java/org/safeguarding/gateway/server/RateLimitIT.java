package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-organisation rate limits, through the running gateway with real tokens: an A&E system of an organisation of its own
 * ({@link #RATE_LIMITED_ORG}: 1 request a second, bursts of 5, set in the shared test context) sends a burst from several
 * threads and is answered 429 with {@code Retry-After}, in problem+json on the API and as an OperationOutcome
 * ({@code throttled}) on FHIR, while another organisation's lookups and inbox reads go on being answered; after the
 * {@code Retry-After} it is served again; a caller without a valid token gets 401, never 429; the refusals are counted.
 */
class RateLimitIT extends GatewayIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String AVA = "9997709144";
    private static final String INBOX = "/api/v1/inbox";

    private static String burstSystem;
    private static String noPlan;

    @BeforeAll
    static void burstSystem() {
        burstSystem = Tokens.systemClient("burst-system", RATE_LIMITED_ORG, "unscheduled-care");
        noPlan = Plans.freshNhsNumber();
    }

    private static String lookup(String nhs) {
        return "/fhir/CareTeam?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs;
    }

    private HttpResponse<String> get(String path, String token) {
        try {
            return HTTP.send(api.request(path, token).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends until the organisation's bucket is empty (a 429), so that a test starts from a known state whatever ran before. */
    private HttpResponse<String> untilLimited(String path) {
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> answer = get(path, burstSystem);
            if (answer.statusCode() == 429) {
                return answer;
            }
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
        throw new AssertionError("50 requests back to back and never a 429");
    }

    private double limitedCount() {
        String scrape = get("/actuator/prometheus", null).body();
        Matcher m = Pattern.compile("^gateway_rate_limited_total\\{org=\"" + RATE_LIMITED_ORG + "\"[^}]*} ([0-9.E+]+)$", Pattern.MULTILINE)
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static long retryAfter(HttpResponse<String> answer) {
        return Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow(() -> new AssertionError("no Retry-After")));
    }

    @Test
    void aBurstFromOneOrganisationIsRefusedWhileAnothersRequestsAreServed() throws Exception {
        double countedBefore = limitedCount();
        String clinician = Tokens.user("ae.clinician");
        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<Future<HttpResponse<String>>> burst = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 60; i++) {
            String path = i % 2 == 0 ? INBOX : lookup(noPlan);
            burst.add(threads.submit(() -> get(path, burstSystem)));
        }
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            others.add(get(lookup(AVA), clinician).statusCode());
            others.add(get(INBOX, clinician).statusCode());
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (Future<HttpResponse<String>> f : burst) {
            answers.add(f.get(60, TimeUnit.SECONDS));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        threads.shutdown();

        assertThat(others).as("another organisation, during the burst").containsOnly(200);
        long served = answers.stream().filter(a -> a.statusCode() == 200).count();
        long limited = answers.stream().filter(a -> a.statusCode() == 429).count();
        assertThat(served + limited).as("every answer a 200 or a 429").isEqualTo(60);
        // at most the burst of 5 and what one request a second refilled meanwhile
        assertThat(served).as("served in %.1f s", seconds).isLessThanOrEqualTo(5 + (long) Math.ceil(seconds));

        HttpResponse<String> problem = answers.stream().filter(a -> a.statusCode() == 429 && a.uri().getPath().equals(INBOX)).findFirst()
                .orElseThrow();
        assertThat(problem.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(retryAfter(problem)).isBetween(1L, 2L);
        JsonNode body = JSON.readTree(problem.body());
        assertThat(body.get("type").asString()).isEqualTo("https://safeguarding-gateway.example/problems/rate-limited");
        assertThat(body.get("title").asString()).isEqualTo("Too many requests");
        assertThat(body.get("status").asInt()).isEqualTo(429);
        assertThat(body.get("detail").asString()).contains(RATE_LIMITED_ORG, "limit of 1 requests a second", "Retry-After");

        HttpResponse<String> outcome = answers.stream().filter(a -> a.statusCode() == 429 && a.uri().getPath().equals("/fhir/CareTeam"))
                .findFirst().orElseThrow();
        assertThat(outcome.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
        assertThat(retryAfter(outcome)).isBetween(1L, 2L);
        JsonNode issue = JSON.readTree(outcome.body()).get("issue").get(0);
        assertThat(JSON.readTree(outcome.body()).get("resourceType").asString()).isEqualTo("OperationOutcome");
        assertThat(issue.get("severity").asString()).isEqualTo("error");
        assertThat(issue.get("code").asString()).isEqualTo("throttled");
        assertThat(issue.get("diagnostics").asString()).contains(RATE_LIMITED_ORG);

        assertThat(limitedCount() - countedBefore).as("gateway_rate_limited_total{org=%s}", RATE_LIMITED_ORG).isEqualTo(limited);
    }

    @Test
    void afterRetryAfterTheOrganisationIsServedAgain() throws Exception {
        HttpResponse<String> limited = untilLimited(lookup(noPlan));
        assertThat(get(lookup(noPlan), burstSystem).statusCode()).as("at once: still limited").isEqualTo(429);
        TimeUnit.SECONDS.sleep(retryAfter(limited));
        HttpResponse<String> again = get(lookup(noPlan), burstSystem);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("total").asInt()).isZero();
    }

    @Test
    void withoutAValidTokenItIs401NeverA429() {
        // the limited organisation's own token, its org_id kept but its signature broken by a changed claim
        String forged = Tokens.tampered(burstSystem, "azp", "someone-else");
        for (int i = 0; i < 20; i++) {
            untilLimited(INBOX);
            assertThat(get(INBOX, null).statusCode()).as("no token").isEqualTo(401);
            assertThat(get(lookup(noPlan), null).statusCode()).as("no token").isEqualTo(401);
            assertThat(get(INBOX, forged).statusCode()).as("a forged token of the limited organisation").isEqualTo(401);
            assertThat(get(lookup(noPlan), "not-a-token").statusCode()).as("a malformed token").isEqualTo(401);
        }
        // nor are the public paths counted against anyone, the limited organisation's callers included
        untilLimited(INBOX);
        for (int i = 0; i < 10; i++) {
            assertThat(get("/fhir/metadata", burstSystem).statusCode()).isEqualTo(200);
        }
    }
}
