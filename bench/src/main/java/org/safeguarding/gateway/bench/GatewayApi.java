package org.safeguarding.gateway.bench;

import static org.safeguarding.gateway.bench.BenchHttp.HTTP;
import static org.safeguarding.gateway.bench.BenchHttp.expect;
import static org.safeguarding.gateway.bench.BenchHttp.request;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.safeguarding.gateway.bench.BenchHttp.Token;

/** The gateway's API as the benches call it (README's table): lookups, plan uploads, DV notifications, documents. */
final class GatewayApi {

    private GatewayApi() {}

    /**
     * A CareTeam lookup of a random child of {@code nhs}: true when it answered 200 with at least one plan. A silent read
     * ({@code IsUnscheduledAccessEvent: false}) tells nobody; otherwise the plan's local authority is told (a notifying lookup).
     */
    static boolean lookup(String base, Token token, String[] nhs, boolean silent) {
        return lookup(base, token, nhs[ThreadLocalRandom.current().nextInt(nhs.length)], silent);
    }

    static boolean lookup(String base, Token token, String number, boolean silent) {
        HttpRequest.Builder request = request(base + "/fhir/CareTeam?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C" + number, token);
        if (silent) {
            request.header("IsUnscheduledAccessEvent", "false");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                Load.noteError("lookup of " + number + " answered " + response.statusCode() + ": " + BenchHttp.abbreviate(response.body()));
                return false;
            }
            if (!response.body().contains("\"total\":") || response.body().contains("\"total\":0")) {
                Load.noteError("lookup of " + number + " found no plan");
                return false;
            }
            return true;
        } catch (IOException e) {
            Load.noteError("lookup of " + number + ": " + e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Rows {@code from} (inclusive, 0 the first after the header) to {@code to} of the CSV through the batch upload. */
    static void uploadBatch(String gateway, Token token, Path csv, int from, int to) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder(Plans.HEADER).append('\n');
        try (var lines = Files.lines(csv)) {
            lines.skip(1L + from).limit(to - from).forEach(l -> body.append(l).append('\n'));
        }
        postBatch(gateway, token, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A whole CSV file through the batch upload, which must accept every record; answers the answer's JSON. */
    static String postBatch(String gateway, Token token, byte[] csv) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request(gateway + "/api/v1/plans/batch", token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"status\":\"accepted\"")) {
            throw new IllegalStateException("batch upload answered " + response.statusCode() + ": " + BenchHttp.abbreviate(response.body()));
        }
        return response.body();
    }

    /** PUT /api/v1/plans/{planId}: the answer's status (201 created, 200 updated). */
    static int putPlan(String gateway, Token token, String planId, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request(gateway + "/api/v1/plans/" + planId, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException("PUT plan " + planId + " answered " + response.statusCode() + ": " + BenchHttp.abbreviate(response.body()));
        }
        return response.statusCode();
    }

    /** A plan's JSON from a CSV row, with a core group (who receives its documents). */
    static String planJson(Plans.Row row, String... coreGroup) {
        StringBuilder group = new StringBuilder();
        for (String member : coreGroup) {
            group.append(group.length() == 0 ? "" : ",").append('"').append(member).append('"');
        }
        return "{\"nhsNumber\":\"%s\",\"type\":\"%s\",\"startDate\":\"%s\"%s,\"localAuthority\":\"%s\",\"child\":{\"givenName\":\"%s\",\"familyName\":\"%s\",\"birthDate\":\"%s\"},\"coreGroup\":[%s]}"
                .formatted(row.nhsNumber(), row.type(), row.startDate(), row.endDate().isEmpty() ? "" : ",\"endDate\":\"" + row.endDate() + "\"",
                        row.localAuthority(), row.givenName(), row.familyName(), row.birthDate(), group);
    }

    /**
     * POST /api/v1/dv-notifications for one child present (at school-derby-primary), the force reference also the
     * Idempotency-Key; answers the 202's body.
     */
    static String submitDv(String gateway, Token token, String reference, String nhsNumber, String givenName, String familyName,
            String birthDate) throws IOException, InterruptedException {
        return expect(HTTP.send(dvRequest(gateway, token, reference, nhsNumber, givenName, familyName, birthDate),
                HttpResponse.BodyHandlers.ofString()), 202);
    }

    /** The request {@link #submitDv} sends, for a client that reads the answer itself (and sends it again after a failure). */
    static HttpRequest dvRequest(String gateway, Token token, String reference, String nhsNumber, String givenName, String familyName,
            String birthDate) {
        String body = ("{\"forceReference\":\"%s\",\"incidentDateTime\":\"%s\",\"riskLevel\":\"medium\",\"location\":{\"postcode\":\"DE1 2AB\"},"
                + "\"summary\":\"Synthetic benchmark incident\",\"childrenPresent\":[{\"nhsNumber\":\"%s\",\"givenName\":\"%s\","
                + "\"familyName\":\"%s\",\"birthDate\":\"%s\",\"schoolId\":\"school-derby-primary\"}],"
                + "\"officer\":{\"name\":\"PC Bench\",\"collarNumber\":\"B1\",\"phone\":\"01632 960500\"}}")
                .formatted(reference, Instant.now().minusSeconds(3600), nhsNumber, givenName, familyName, birthDate);
        return request(gateway + "/api/v1/dv-notifications", token).header("Content-Type", "application/json")
                .header("Idempotency-Key", reference).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /**
     * POST /api/v1/documents (multipart: {@code metadata} JSON and {@code file}, UTF-8 text) to the plan's core group (no
     * recipients named); answers the 202's body.
     */
    static String uploadDocument(String gateway, Token token, String planId, String nhsNumber, String title, byte[] text)
            throws IOException, InterruptedException {
        return expect(HTTP.send(documentRequest(gateway, token, planId, nhsNumber, title, text), HttpResponse.BodyHandlers.ofString()), 202);
    }

    /** The request {@link #uploadDocument} sends, for a client that reads the answer itself. */
    static HttpRequest documentRequest(String gateway, Token token, String planId, String nhsNumber, String title, byte[] text) {
        String boundary = "----bench-" + UUID.randomUUID();
        String metadata = "{\"kind\":\"conference-minutes\",\"planId\":\"%s\",\"nhsNumber\":\"%s\",\"title\":\"%s\"}".formatted(planId, nhsNumber, title);
        ByteArrayOutputStream body = new ByteArrayOutputStream(text.length + 1024);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
                + metadata + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"minutes.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(text);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return request(gateway + "/api/v1/documents", token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }
}
