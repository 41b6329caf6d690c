package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Incidents;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON log the gateway writes (ECS, one object a line): every line parses, with its time, level, logger and message;
 * the lines of a request and of the work it causes after the broker carry the request's trace id, the caller's
 * organisation and the flow; a request without a TraceID gets one of the gateway's; and nothing of the child is there.
 */
class StructuredLogsIT extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String AVA = "9997709144";
    /** The demo child's and the DV notification's names (Incidents): none may reach a log line. */
    private static final Pattern CHILD_DATA = Pattern.compile("\\b(" + AVA + "|Ava|Ashdown|Test|Child|Adam|Adult|Jane|Doe)\\b");

    @Value("${logging.file.name}")
    Path log;

    private long start;

    /**
     * The lines of this test only: those written from here on. The first token the context checks has it fetch the
     * issuer's keys, which on a loaded machine can time out (a 500): done before, since this test is about the logs.
     */
    @BeforeEach
    void fromHere() {
        await().atMost(Duration.ofMinutes(2)).until(() -> api.get("/api/v1/inbox", Tokens.user("ae.clinician")).status() == 200);
        start = log.toFile().length();
    }

    @Test
    void aLookupLogsUnderItsTraceIdTheCallersOrganisationAndTheFlow() throws IOException {
        String trace = UUID.randomUUID().toString();
        assertThat(api.careTeams(AVA, Tokens.user("ae.clinician"), "TraceID", trace).status()).isEqualTo(200);

        List<JsonNode> lines = awaitLines(trace, line -> line.path("message").asString().startsWith("GET /fhir/CareTeam 200"));
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.path("org").asString()).isEqualTo("ae-royal-derby");
            assertThat(line.path("flow").asString()).isEqualTo("cp-lookup");
        });
        assertNoChildData();
    }

    @Test
    void aDvNotificationsDeliveryAfterTheBrokerLogsUnderTheRequestsTraceId() throws IOException {
        String trace = UUID.randomUUID().toString();
        Api.Response accepted = Incidents.submit(api, "DBY-" + UUID.randomUUID(), AVA, "TraceID", trace);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);

        List<JsonNode> lines = awaitLines(trace, line -> line.path("flow").asString().equals("dv-notification"));
        assertThat(lines).allSatisfy(line -> assertThat(line.path("org").asString()).isEqualTo("police-derbyshire"));
        JsonNode request = lines.stream().filter(l -> l.path("message").asString().startsWith("POST /api/v1/dv-notifications 202"))
                .findFirst().orElseThrow();
        assertThat(request.path("flow").asString()).isEqualTo("dv-submit");
        JsonNode routed = lines.stream().filter(l -> l.path("flow").asString().equals("dv-notification")).findFirst().orElseThrow();
        assertThat(routed.path("message").asString()).contains("from dv-routing handled");
        assertThat(routed.path("process").path("thread").path("name").asString())
                .as("routed on a consumer's thread, after the broker")
                .isNotEqualTo(request.path("process").path("thread").path("name").asString());
        assertNoChildData();
    }

    @Test
    void aRequestWithoutATraceIdGetsOneOfTheGateways() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base()
                        + "/fhir/CareTeam?patient:identifier=" + Api.NHS + "%7C" + AVA))
                .header("Authorization", "Bearer " + Tokens.user("ae.clinician")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        String trace = answer.headers().firstValue("TraceID").orElseThrow();
        assertThat(UUID.fromString(trace).toString()).isEqualTo(trace);

        awaitLines(trace, line -> line.path("message").asString().startsWith("GET /fhir/CareTeam 200"));
        // a TraceID that is not a UUID could hold anything: it is not repeated into the logs, the gateway gives its own
        String offered = "lookup of " + AVA;
        HttpResponse<String> other = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + "/fhir/metadata"))
                .header("TraceID", offered).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.headers().firstValue("TraceID").orElseThrow()).isNotEqualTo(offered).matches("[0-9a-f-]{36}");
        assertNoChildData();
    }

    /**
     * A refused FHIR search's message repeats what the caller sent (HAPI's "Invalid _elements value: ..."): the answer
     * may say it, the log may not. Each refusal is logged as its request line, with its status.
     */
    @Test
    void aRefusedFhirSearchCarryingTheChildsDataLeavesNoneOfItInTheLog() throws IOException {
        String nhs = URLEncoder.encode(Api.NHS + "|" + AVA, StandardCharsets.UTF_8);
        List<String> refused = List.of("/fhir/CareTeam?patient:identifier=" + nhs + "&_elements=" + nhs,
                "/fhir/CareTeam?patient:identifier=" + nhs + "&_elements:exclude=Ava:Ashdown",
                "/fhir/Flag?patient:identifier=" + nhs + "&_sort=" + AVA + ":Ashdown",
                "/fhir/CareTeam?patient:identifier=" + AVA + "&family=Ashdown",
                "/fhir/CareTeam/" + AVA);
        for (String query : refused) {
            String trace = UUID.randomUUID().toString();
            Api.Response answer = api.get(query, Tokens.user("ae.clinician"), "TraceID", trace);
            assertThat(answer.status()).as(query).isBetween(400, 499);
            assertThat(answer.body()).as(query).contains("OperationOutcome");
            awaitLines(trace, line -> line.path("message").asString().matches("GET /fhir/\\S* " + answer.status() + ".*"));
        }
        assertNoChildData();
    }

    /**
     * A request line Tomcat refuses before the gateway sees it (a character RFC 3986 does not allow in a query): Tomcat's
     * message names the whole request target, so it must not reach the log either.
     */
    @Test
    void aRequestLineTomcatRefusesLeavesNoneOfTheChildsDataInTheLog() throws Exception {
        URI base = URI.create(api.base());
        for (String target : List.of("/fhir/CareTeam?patient:identifier=" + AVA + "{Ashdown}", "/fhir/CareTeam?family=Ava Ashdown&x=" + AVA)) {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).as(target).startsWith("HTTP/1.1 400");
            }
        }
        assertNoChildData();
    }

    /** The lines written since the test began that carry the trace, once one of them is {@code wanted}; each checked for its fields. */
    private List<JsonNode> awaitLines(String trace, Predicate<JsonNode> wanted) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            found.clear();
            for (JsonNode line : linesSinceStart()) {
                if (line.has("traceId") && trace.equals(line.get("traceId").asString())) {
                    found.add(line);
                }
            }
            assertThat(found).anyMatch(wanted);
        });
        return found;
    }

    private List<JsonNode> linesSinceStart() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String text : textSinceStart().split("\n")) {
            if (text.isEmpty()) {
                continue;
            }
            JsonNode line = JSON.readTree(text);
            assertThat(line.path("@timestamp").asString()).as(text).isNotEmpty();
            assertThat(line.path("log").path("level").asString()).as(text).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            assertThat(line.path("log").path("logger").asString()).as(text).isNotEmpty();
            assertThat(line.has("message")).as(text).isTrue();
            lines.add(line);
        }
        return lines;
    }

    private void assertNoChildData() throws IOException {
        assertThat(textSinceStart().lines().filter(line -> CHILD_DATA.matcher(line).find())).isEmpty();
    }

    /** Whole lines only: a line being written is left for the next read. */
    private String textSinceStart() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            return text.substring(0, text.lastIndexOf('\n') + 1);
        }
    }
}
