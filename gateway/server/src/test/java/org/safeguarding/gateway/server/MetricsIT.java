package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Incidents;
import org.safeguarding.gateway.server.support.Tokens;

/**
 * Prometheus scrapes, per flow, what happened: every audited step counted by action and outcome
 * ({@code gateway_flow_events_total}), and the CP lookup's latency as a histogram ({@code gateway_lookup_seconds}).
 */
class MetricsIT extends GatewayIntegrationTest {

    private static final String AVA = "9997709144";

    /** The counter of an action and outcome (any outcome when null, summed). */
    private double count(String scrape, String action, String outcome) {
        Matcher m = Pattern.compile("^gateway_flow_events_total\\{action=\"" + Pattern.quote(action) + "\",outcome=\""
                + (outcome == null ? "[^\"]*" : Pattern.quote(outcome)) + "\"[^}]*} ([0-9.E+]+)$", Pattern.MULTILINE).matcher(scrape);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private String scrape() {
        var answer = api.get("/actuator/prometheus", null);
        assertThat(answer.status()).isEqualTo(200);
        return answer.body();
    }

    @Test
    void eachFlowsStepsAndTheLookupsLatencyAreScraped() {
        String before = scrape();
        assertThat(api.careTeams(AVA, Tokens.user("ae.clinician")).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/audit/verify", Tokens.user("sw.derby")).status()).isEqualTo(403);
        Incidents.notifiedFor(api, AVA);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String after = scrape();
            assertThat(count(after, "cp-lookup", "allowed")).as("lookups").isGreaterThan(count(before, "cp-lookup", "allowed"));
            assertThat(count(after, "dv-submit", "allowed")).as("notifications accepted").isGreaterThan(count(before, "dv-submit", "allowed"));
            assertThat(count(after, "dv-route", "routed")).as("notifications routed").isGreaterThan(count(before, "dv-route", "routed"));
            assertThat(count(after, "deliver", null)).as("copies delivered").isGreaterThan(count(before, "deliver", null));
            assertThat(after).contains("gateway_lookup_seconds_bucket{resource=\"CareTeam\",status=\"200\"");
            assertThat(after).containsPattern("gateway_flow_events_total\\{action=\"[a-z-]+\",outcome=\"denied\"");
        });
    }
}
