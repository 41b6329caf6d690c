package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Multipart;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A corpus of bad input against every JSON entry point, and bad paths, query parameters and headers across the API and
 * FHIR, generated from one table of mutations: each case a clear 4xx in the entry point's error format (problem+json on the
 * API, an OperationOutcome on FHIR), nothing stored by any of them (the register, notifications, referrals and the
 * outbox counted before and after), and the service healthy afterwards.
 */
class BadInputCorpusIT extends GatewayIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcClient jdbc;

    /**
     * A JSON entry point: a valid body to mutate, the user who may call it, and whether it takes an Idempotency-Key. Each
     * refuses properties it does not know (its published schema says so).
     */
    record Entry(String name, String method, String path, String user, String validBody, boolean idempotent) {}

    record Case(String name, String method, String path, String user, String contentType, byte[] body, Map<String, String> headers) {}

    private static final List<Entry> ENTRIES = List.of(
            new Entry("plan", "PUT", "/api/v1/plans/DER-BAD-" + UUID.randomUUID().toString().substring(0, 8), "sw.derby", """
                    {"nhsNumber":"9990000018","type":"CPP","startDate":"2026-11-01","localAuthority":"la-derby",
                     "child":{"givenName":"Bad","familyName":"Input","birthDate":"2020-02-02"}}""", false),
            new Entry("dv-notification", "POST", "/api/v1/dv-notifications", "police.derbyshire", """
                    {"forceReference":"BAD-1","incidentDateTime":"2026-12-01T10:00:00Z","riskLevel":"standard",
                     "location":{"postcode":"DE1 2AB"},"summary":"Officers attended.",
                     "childrenPresent":[{"nhsNumber":"9997709144","givenName":"Ava","familyName":"Ashdown","birthDate":"2019-04-12"}],
                     "officer":{"name":"PC Test","collarNumber":"T1","phone":"01632 960500"}}""", true),
            new Entry("referral", "POST", "/api/v1/referrals", "dsl.derby", """
                    {"urgency":"standard","children":[{"nhsNumber":"9997709144","givenName":"Ava","familyName":"Ashdown",
                     "birthDate":"2019-04-12"}],"concerns":[{"category":"neglect","detail":"Arrives hungry."}],"consent":"given",
                     "referrer":{"name":"DSL","role":"designated safeguarding lead","phone":"01632 960123"}}""", true));

    private static List<Case> jsonCases(Entry e) {
        List<Case> cases = new ArrayList<>();
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("empty body", new byte[0]);
        bodies.put("null", bytes("null"));
        bodies.put("an array", bytes("[]"));
        bodies.put("a string", bytes("\"text\""));
        bodies.put("a number", bytes("42"));
        bodies.put("an empty object", bytes("{}"));
        bodies.put("truncated", bytes(e.validBody().substring(0, e.validBody().length() / 2)));
        bodies.put("two objects", bytes(e.validBody() + "{}"));
        bodies.put("deeply nested", bytes("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
        bodies.put("invalid UTF-8", concat(bytes(e.validBody().substring(0, 20)), new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF},
                bytes(e.validBody().substring(20))));
        bodies.put("NUL and control characters in a string", bytes(e.validBody().replaceFirst(":\"([A-Za-z])", ":\"\\\\u0000\\\\u001b$1")));
        bodies.put("a number beyond double", bytes(e.validBody().replaceFirst("\\{", "{\"x\":1e999,")));
        bodies.put("an unknown property", bytes(e.validBody().replaceFirst("\\{", "{\"surprise\":true,")));
        bodies.put("an unknown property in a nested object", bytes(e.validBody().replaceFirst("\"givenName\"", "\"nickname\":\"x\",\"givenName\"")));
        bodies.put("XML with an external entity", bytes("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"));
        bodies.put("a trailing comma", bytes(e.validBody().replaceFirst("}\\s*$", ",}")));
        bodies.put("single-quoted", bytes(e.validBody().replace('"', '\'')));
        bodies.put("a comment", bytes(e.validBody().replaceFirst("\\{", "{/* note */")));
        bodies.put("NaN", bytes(e.validBody().replaceFirst("\\{", "{\"x\":NaN,")));
        bodies.put("a 2 MB string", bytes(e.validBody().replaceFirst("\\{", "{\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\",")));
        // every top-level field with a value of the wrong type
        ObjectNode valid = (ObjectNode) JSON.readTree(e.validBody());
        for (String field : valid.propertyNames()) {
            for (var wrong : Map.of("a number", (Object) 12345, "an array", List.of(), "an object", Map.of()).entrySet()) {
                ObjectNode mutated = valid.deepCopy();
                mutated.set(field, JSON.valueToTree(wrong.getValue()));
                bodies.put(field + " as " + wrong.getKey(), JSON.writeValueAsBytes(mutated));
            }
            ObjectNode without = valid.deepCopy();
            without.remove(field);
            bodies.put("without " + field, JSON.writeValueAsBytes(without));
        }
        bodies.forEach((what, body) -> cases.add(new Case(e.name() + ": " + what, e.method(), e.path(), e.user(), "application/json", body,
                e.idempotent() ? Map.of("Idempotency-Key", "k-" + UUID.randomUUID()) : Map.of())));
        cases.add(new Case(e.name() + ": text/plain", e.method(), e.path(), e.user(), "text/plain", bytes(e.validBody()),
                e.idempotent() ? Map.of("Idempotency-Key", "k-" + UUID.randomUUID()) : Map.of()));
        cases.add(new Case(e.name() + ": application/xml", e.method(), e.path(), e.user(), "application/xml", bytes("<plan/>"),
                e.idempotent() ? Map.of("Idempotency-Key", "k-" + UUID.randomUUID()) : Map.of()));
        if (e.idempotent()) {
            cases.add(new Case(e.name() + ": no Idempotency-Key", e.method(), e.path(), e.user(), "application/json", bytes(e.validBody()), Map.of()));
            cases.add(new Case(e.name() + ": an Idempotency-Key of 500 characters", e.method(), e.path(), e.user(), "application/json",
                    bytes(e.validBody()), Map.of("Idempotency-Key", "k".repeat(500))));
        }
        return cases;
    }

    /** Paths, query parameters and headers: ids with traversal and markup, paging out of range, FHIR searches askew. */
    private static List<Case> otherCases() {
        List<Case> cases = new ArrayList<>();
        Map<String, String> gets = new LinkedHashMap<>();
        gets.put("a plan id with traversal", "/api/v1/plans/..%2F..%2Fetc%2Fpasswd");
        gets.put("a plan id of 300 characters", "/api/v1/plans/" + "P".repeat(300));
        gets.put("a plan id with markup", "/api/v1/plans/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        gets.put("a plan id with a quote", "/api/v1/plans/DER'%20OR%201=1--");
        gets.put("plans by a bad NHS number", "/api/v1/plans?nhsNumber=123");
        gets.put("plans by an NHS number with letters", "/api/v1/plans?nhsNumber=99977O9144");
        gets.put("inbox page -1", "/api/v1/inbox?page=-1");
        gets.put("inbox size 0", "/api/v1/inbox?size=0");
        gets.put("inbox size 1000000", "/api/v1/inbox?size=1000000");
        gets.put("inbox page not a number", "/api/v1/inbox?page=two");
        gets.put("inbox type with markup", "/api/v1/inbox?type=%3Cb%3E");
        gets.put("a DV notification id with traversal", "/api/v1/dv-notifications/..%2F..%2Fsecret");
        gets.put("a referral id not a UUID", "/api/v1/referrals/not-an-id");
        gets.put("a document id with traversal", "/api/v1/documents/..%2Fkeys");
        for (var g : gets.entrySet()) {
            String user = g.getKey().startsWith("a DV") ? "police.derbyshire" : g.getKey().startsWith("a referral") ? "dsl.derby" : "sw.derby";
            cases.add(new Case(g.getKey(), "GET", g.getValue(), user, null, null, Map.of()));
        }
        Map<String, String> fhir = new LinkedHashMap<>();
        fhir.put("FHIR: an NHS number too short", "/fhir/CareTeam?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C999770914");
        fhir.put("FHIR: a bad check digit", "/fhir/CareTeam?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C9997709145");
        fhir.put("FHIR: no system", "/fhir/CareTeam?patient:identifier=9997709144");
        fhir.put("FHIR: another system", "/fhir/CareTeam?patient:identifier=urn:x%7C9997709144");
        fhir.put("FHIR: an unknown parameter", "/fhir/CareTeam?name=Smith");
        fhir.put("FHIR: no parameter", "/fhir/CareTeam");
        fhir.put("FHIR: markup in the value", "/fhir/CareTeam?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C%3Cscript%3E");
        fhir.put("FHIR: Flag with an NHS number of letters", "/fhir/Flag?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7Cabcdefghij");
        fhir.forEach((what, path) -> cases.add(new Case(what, "GET", path, "ae.clinician", null, null, Map.of())));
        cases.add(new Case("FHIR: IsUnscheduledAccessEvent neither true nor false", "GET",
                "/fhir/CareTeam?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C9997709144", "ae.clinician", null, null,
                Map.of("IsUnscheduledAccessEvent", "maybe")));
        return cases;
    }

    /** A valid document's metadata (Ava's plan, to her GP), which the multipart cases spoil one way each. */
    private static final String DOCUMENT_METADATA = """
            {"kind":"conference-minutes","planId":"DER-CPP-0001","nhsNumber":"9997709144","title":"Minutes",
             "recipients":["gp-derby-central"]}""";
    private static final byte[] MINUTES = bytes("Synthetic minutes of a review conference");
    /** The largest document (gateway.max-document-bytes, application.yml). */
    private static final int MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

    /** POST /api/v1/documents with its parts missing, doubled, of the wrong type or content, oversized, or not multipart at all. */
    private static List<Case> multipartCases() {
        Map<String, Multipart> bodies = new LinkedHashMap<>();
        bodies.put("no parts", new Multipart());
        bodies.put("no file part", new Multipart().json("metadata", DOCUMENT_METADATA));
        bodies.put("no metadata part", new Multipart().file("file", "minutes.txt", "text/plain", MINUTES));
        bodies.put("metadata not JSON", new Multipart().part("metadata", null, "application/json", bytes("kind=minutes"))
                .file("file", "minutes.txt", "text/plain", MINUTES));
        bodies.put("metadata a JSON array", new Multipart().json("metadata", "[" + DOCUMENT_METADATA + "]")
                .file("file", "minutes.txt", "text/plain", MINUTES));
        bodies.put("metadata XML with an external entity", new Multipart().part("metadata", null, "application/xml",
                bytes("<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><metadata>&e;</metadata>"))
                .file("file", "minutes.txt", "text/plain", MINUTES));
        bodies.put("metadata of the wrong types", new Multipart().json("metadata", "{\"kind\":5,\"planId\":[],\"nhsNumber\":{},\"title\":true}")
                .file("file", "minutes.txt", "text/plain", MINUTES));
        bodies.put("metadata invalid UTF-8", new Multipart().part("metadata", null, "application/json",
                concat(bytes(DOCUMENT_METADATA.substring(0, 30)), new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, bytes(DOCUMENT_METADATA.substring(30))))
                .file("file", "minutes.txt", "text/plain", MINUTES));
        bodies.put("metadata as a file part", new Multipart().file("metadata", "metadata.json", "application/octet-stream", bytes("\u0000\u0001"))
                .file("file", "minutes.txt", "text/plain", MINUTES));
        bodies.put("two file parts", new Multipart().json("metadata", DOCUMENT_METADATA)
                .file("file", "minutes.txt", "text/plain", MINUTES).file("file", "other.txt", "text/plain", MINUTES));
        bodies.put("two metadata parts", new Multipart().json("metadata", DOCUMENT_METADATA).json("metadata", DOCUMENT_METADATA)
                .file("file", "minutes.txt", "text/plain", MINUTES));
        bodies.put("an empty file", new Multipart().json("metadata", DOCUMENT_METADATA).file("file", "minutes.txt", "text/plain", new byte[0]));
        bodies.put("an executable declared a PDF", new Multipart().json("metadata", DOCUMENT_METADATA)
                .file("file", "minutes.pdf", "application/pdf", concat(bytes("MZ"), new byte[64])));
        bodies.put("a ZIP that is no Word document", new Multipart().json("metadata", DOCUMENT_METADATA)
                .file("file", "minutes.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        concat(new byte[] {'P', 'K', 3, 4}, new byte[64])));
        bodies.put("text that is not UTF-8", new Multipart().json("metadata", DOCUMENT_METADATA)
                .file("file", "minutes.txt", "text/plain", new byte[] {'a', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0, 1, 2}));
        bodies.put("an executable named with traversal", new Multipart().json("metadata", DOCUMENT_METADATA)
                .file("file", "../../etc/passwd", "text/plain", concat(bytes("MZ"), new byte[64])));
        bodies.put("an executable named with NUL", new Multipart().json("metadata", DOCUMENT_METADATA)
                .file("file", "minutes\u0000.exe", "text/plain", concat(bytes("MZ"), new byte[64])));
        bodies.put("a file one byte over the limit", new Multipart().json("metadata", DOCUMENT_METADATA)
                .file("file", "minutes.txt", "text/plain", bytes("a".repeat(MAX_DOCUMENT_BYTES + 1))));
        List<Case> cases = new ArrayList<>();
        bodies.forEach((what, body) -> cases.add(new Case("document: " + what, "POST", "/api/v1/documents", "sw.derby", body.contentType(),
                body.bytes(), Map.of())));
        Multipart valid = new Multipart().json("metadata", DOCUMENT_METADATA).file("file", "minutes.txt", "text/plain", MINUTES);
        Map<String, String> askew = new LinkedHashMap<>();
        askew.put("multipart without a boundary", "multipart/form-data");
        askew.put("another boundary than the body's", new Multipart().contentType());
        askew.put("multipart/mixed", valid.contentType().replace("form-data", "mixed"));
        askew.put("JSON instead of multipart", "application/json");
        askew.forEach((what, type) -> cases.add(new Case("document: " + what, "POST", "/api/v1/documents", "sw.derby", type, valid.bytes(), Map.of())));
        byte[] whole = valid.bytes();
        cases.add(new Case("document: cut off before the closing boundary", "POST", "/api/v1/documents", "sw.derby", valid.contentType(),
                java.util.Arrays.copyOf(whole, whole.length - 30), Map.of()));
        return cases;
    }

    private long stored() {
        return jdbc.sql("SELECT (SELECT COUNT(*) FROM cp_plan) + (SELECT COUNT(*) FROM dv_notification) + (SELECT COUNT(*) FROM referral)"
                + " + (SELECT COUNT(*) FROM document)").query(Long.class).single();
    }

    @Test
    void everyCaseIsAClear4xxAndNothingIsStored() throws Exception {
        List<Case> corpus = new ArrayList<>();
        ENTRIES.forEach(e -> corpus.addAll(jsonCases(e)));
        corpus.addAll(otherCases());
        corpus.addAll(multipartCases());
        assertThat(corpus).as("the corpus").hasSizeGreaterThanOrEqualTo(150);

        long before = stored();
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        for (Case c : corpus) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + c.path()))
                    .header("Authorization", "Bearer " + Tokens.user(c.user()));
            if (c.contentType() != null) {
                request.header("Content-Type", c.contentType());
            }
            c.headers().forEach(request::header);
            request.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(c.body()));
            HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = answer.headers().firstValue("Content-Type").orElse("");
            boolean fhir = c.path().startsWith("/fhir");
            boolean clear = answer.statusCode() >= 400 && answer.statusCode() < 500
                    && (fhir ? type.startsWith("application/fhir+json") && answer.body().contains("OperationOutcome")
                             : type.startsWith("application/problem+json") && JSON.readTree(answer.body()).has("title"));
            byStatus.merge(String.valueOf(answer.statusCode()), 1, Integer::sum);
            if (!clear) {
                wrong.add(c.name() + " -> " + answer.statusCode() + " " + type + " " + answer.body().substring(0, Math.min(200, answer.body().length())));
            }
        }
        System.out.printf("[bad input] %d cases: %s%n", corpus.size(), byStatus);
        assertThat(wrong).as("cases not answered with a clear 4xx").isEmpty();
        assertThat(stored()).as("plans, notifications, referrals and documents stored").isEqualTo(before);
        JsonNode health = api.get("/actuator/health", null).json();
        assertThat(health.get("status").asString()).isEqualTo("UP");
    }

    /**
     * A document's file name is the sender's to choose, and may try to climb out of a folder: refused, or the gateway keeps
     * the base name only, in letters, digits and {@code . _ - space} (ContentInspector.safeFileName), stores the document in its database
     * and writes no file of that name anywhere the name could point (the working directory, the data folder, the temporary
     * folder, each resolved as a naive server would).
     */
    @Test
    void fileNamesWithTraversalAreNeutralisedAndNothingIsWrittenWhereTheyPoint() throws Exception {
        String marker = "traversal-" + UUID.randomUUID();
        List<String> names = List.of("../../" + marker + ".txt", "..\\..\\" + marker + ".txt", "/tmp/" + marker + ".txt",
                "C:\\Windows\\" + marker + ".txt", marker + "\u0000.txt", "..%2F..%2F" + marker + ".txt",
                "....//....//" + marker + ".txt", "\u202Etxt." + marker + ".exe", marker + "-" + "x".repeat(2000) + ".txt", "../", "");
        List<java.nio.file.Path> bases = List.of(java.nio.file.Path.of("").toAbsolutePath(), dataDirectory().toAbsolutePath(),
                dataDirectory().resolve("documents").toAbsolutePath(), java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
        for (String name : names) {
            Multipart body = new Multipart().json("metadata", DOCUMENT_METADATA).file("file", name, "text/plain", MINUTES);
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/documents"))
                    .header("Authorization", "Bearer " + Tokens.user("sw.derby")).header("Content-Type", body.contentType())
                    .POST(body.publisher()).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 202) {
                String kept = JSON.readTree(answer.body()).get("fileName").asString();
                assertThat(kept).as("the name kept for " + name).matches("[A-Za-z0-9][A-Za-z0-9._ -]{0,99}").doesNotContain("..").endsWith(".txt");
            } else {
                assertThat(answer.statusCode()).as(name + " -> " + answer.body()).isBetween(400, 499);
                assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            }
            for (java.nio.file.Path base : bases) {
                String plain = name.replace('\\', '/').replace("\u0000", "");
                java.nio.file.Path pointed = base.resolve(plain).normalize();
                if (pointed.getFileName() != null && pointed.getFileName().toString().contains(marker)) {
                    // exists(), not notExists(): a name longer than the file system allows can be neither, and is not there
                    assertThat(java.nio.file.Files.exists(pointed)).as("a file where " + name + " points from " + base).isFalse();
                }
            }
        }
        try (var everything = java.nio.file.Files.walk(dataDirectory())) {
            assertThat(everything.filter(f -> f.getFileName().toString().contains(marker)).toList()).as("files of that name in the data folder")
                    .isEmpty();
        }
        assertThat(api.get("/actuator/health", null).json().get("status").asString()).isEqualTo("UP");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
