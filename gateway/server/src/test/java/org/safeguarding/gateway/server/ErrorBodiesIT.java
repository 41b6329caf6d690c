package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Multipart;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every kind of failure, whole: the status, the content type and the body (as JSON, member order aside), in
 * {@code application/problem+json} on the REST API and as CP-IS's OperationOutcome under {@code /fhir}, whether
 * the failure was met in a controller, in HAPI or in a filter before either.
 */
class ErrorBodiesIT extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROBLEM = "application/problem+json";
    private static final String FHIR = "application/fhir+json";
    private static final String SPINE = "https://fhir.nhs.uk/CodeSystem/England-SpineErrorOrWarningCode";

    @Test
    void restFailuresAreProblems() {
        String sw = Tokens.user("sw.derby");
        String nhs = Plans.freshNhsNumber();
        String plan = Plans.id();
        assertThat(api.put("/api/v1/plans/" + plan, sw, Plans.json(nhs, "CPP", "la-derby")).status()).isEqualTo(201);

        String invalid = Plans.id();
        assertBody(api.put("/api/v1/plans/" + invalid, sw, """
                {"nhsNumber":"9997176953","type":"XYZ","startDate":"2026-13-01","localAuthority":"la-derby",
                 "child":{"givenName":"","familyName":"Test","birthDate":"2020-01-01"}}"""), 400, PROBLEM, """
                {"type":"https://safeguarding-gateway.example/problems/invalid-request","title":"Invalid request","status":400,
                 "detail":"nhsNumber: the check digit of NHS number 9997176953 is wrong; type: must be one of [CPP, LAC, UCPP]; startDate: is not a date in the form yyyy-MM-dd; child.givenName: is required",
                 "instance":"/api/v1/plans/%s",
                 "errors":[{"field":"nhsNumber","message":"the check digit of NHS number 9997176953 is wrong"},
                           {"field":"type","message":"must be one of [CPP, LAC, UCPP]"},
                           {"field":"startDate","message":"is not a date in the form yyyy-MM-dd"},
                           {"field":"child.givenName","message":"is required"}]}""".formatted(invalid));
        assertBody(api.put("/api/v1/plans/" + invalid, sw, "{\"nhsNumber\": \"999"), 400, PROBLEM, """
                {"type":"https://safeguarding-gateway.example/problems/malformed-body","title":"Malformed request body","status":400,
                 "detail":"the body is not valid JSON","instance":"/api/v1/plans/%s","errors":[]}""".formatted(invalid));
        assertBody(api.put("/api/v1/plans/" + invalid, sw, "{\"nhsNumber\":\"9997709144\",\"child\":\"x\"}"), 400, PROBLEM, """
                {"type":"https://safeguarding-gateway.example/problems/invalid-request","title":"Invalid request","status":400,
                 "detail":"child: string found, [object, null] expected","instance":"/api/v1/plans/%s",
                 "errors":[{"field":"child","message":"string found, [object, null] expected"}]}""".formatted(invalid));
        assertBody(api.get("/api/v1/audit?nhsNumber=123", Tokens.user("auditor")), 400, PROBLEM, """
                {"type":"https://safeguarding-gateway.example/problems/invalid-request","title":"Invalid request","status":400,
                 "detail":"nhsNumber: an NHS number has exactly 10 digits","instance":"/api/v1/audit",
                 "errors":[{"field":"nhsNumber","message":"an NHS number has exactly 10 digits"}]}""");

        assertBody(api.put("/api/v1/plans/" + plan, Tokens.user("sw.nottingham"), Plans.json(nhs, "CPP", "la-derby")), 403, PROBLEM, """
                {"type":"about:blank","title":"Access denied","status":403,"detail":"the caller's organisation may not make this request",
                 "instance":"/api/v1/plans/%s","code":"OTHER_ORGANISATION"}""".formatted(plan));
        assertBody(api.post("/api/v1/inbox/no-such-message/acknowledge", sw, ""), 404, PROBLEM, """
                {"type":"about:blank","title":"Not found","status":404,"detail":"no message no-such-message in your inbox",
                 "instance":"/api/v1/inbox/no-such-message/acknowledge"}""");

        String meta = "{\"kind\":\"conference-minutes\",\"planId\":\"" + plan + "\",\"nhsNumber\":\"" + nhs
                + "\",\"title\":\"Minutes\",\"recipients\":[\"gp-derby-central\"]}";
        Multipart png = new Multipart().json("metadata", meta).file("file", "p.png", "image/png",
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        assertBody(api.send(api.request("/api/v1/documents", sw, "Content-Type", png.contentType()).POST(png.publisher())), 415, PROBLEM, """
                {"type":"about:blank","title":"File type not allowed","status":415,"detail":"only PDF, DOCX and plain UTF-8 text are accepted",
                 "instance":"/api/v1/documents"}""");

        String notification = dvNotification(nhs);
        String outcome = "{\"decision\":\"early-help\"}";
        await().atMost(Duration.ofSeconds(15)).until(() -> api.post("/api/v1/dv-notifications/" + notification + "/outcome", sw, outcome)
                .status() == 202);
        assertBody(api.post("/api/v1/dv-notifications/" + notification + "/outcome", sw, outcome), 409, PROBLEM, """
                {"type":"about:blank","title":"Conflict","status":409,"detail":"an outcome for UUID has already been recorded",
                 "instance":"/api/v1/dv-notifications/UUID/outcome"}""");
    }

    @Test
    void failuresBeforeAnyControllerAreProblemsToo() {
        assertBody(api.get("/api/v1/inbox", null), 401, PROBLEM, """
                {"type":"about:blank","title":"Unauthorized","status":401,"detail":"no bearer token","instance":"/api/v1/inbox"}""");
        String plan = Plans.id();
        assertBody(api.put("/api/v1/plans/" + plan, Tokens.user("sw.derby"), "{\"x\":\"" + "9".repeat(1_100_000) + "\"}"), 413, PROBLEM, """
                {"type":"about:blank","title":"Payload too large","status":413,"detail":"the body has 1100008 bytes; the limit is 1048576",
                 "instance":"/api/v1/plans/%s"}""".formatted(plan));
    }

    @Test
    void fhirFailuresAreOperationOutcomesWithSpineCodes() {
        String ae = Tokens.user("ae.clinician");
        String nhs = Plans.freshNhsNumber();
        assertBody(api.careTeams("9997176953", ae), 400, FHIR, outcome("invalid", "INVALID_SEARCH_DATA", "Invalid search data",
                "the check digit of NHS number 9997176953 is wrong"));
        assertBody(api.get("/fhir/AuditEvent?patient:identifier=" + Api.NHS + "|123", ae), 400, FHIR, outcome("invalid",
                "INVALID_SEARCH_DATA", "Invalid search data", "an NHS number has exactly 10 digits"));
        assertBody(api.get("/fhir/CareTeam", ae), 400, FHIR, outcome("invalid", "INVALID_SEARCH_DATA", "Invalid search data",
                "Missing required parameter patient:identifier=https://fhir.nhs.uk/Id/nhs-number|{nhsNumber}"));
        assertBody(api.get("/fhir/CareTeam?name=Smith", ae), 400, FHIR, outcome("invalid", "INVALID_SEARCH_DATA", "Invalid search data",
                "Unsupported search parameter 'name': search by patient:identifier only"));
        assertBody(api.careTeams(nhs, ae, "IsUnscheduledAccessEvent", "maybe"), 400, FHIR, outcome("invalid", "PRECONDITION_FAILED",
                "Precondition failed", "The IsUnscheduledAccessEvent header must be true or false"));
        assertBody(api.careTeams(nhs, ae, "TraceID", "x".repeat(201)), 400, FHIR, outcome("invalid", "PRECONDITION_FAILED",
                "Precondition failed", "The TraceID header is longer than 200 characters"));
        assertBody(api.careTeams(nhs, Tokens.user("police.derbyshire")), 403, FHIR, outcome("forbidden", "ACCESS_DENIED",
                "Access has been denied to process this request", "Access denied (ROLE_NOT_PERMITTED): the caller's role does not permit this request"));
    }

    @Test
    void fhirFailuresBeforeHapiAreOperationOutcomesToo() {
        String nhs = Plans.freshNhsNumber();
        assertBody(api.careTeams(nhs, null), 401, FHIR, outcome("login", "ACCESS_DENIED", "Access has been denied to process this request",
                "Unauthorized: no bearer token"));
        assertBody(api.send(api.request("/fhir/CareTeam", Tokens.user("ae.clinician"), "Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1_100_000)))), 413, FHIR, """
                {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"too-costly",
                 "diagnostics":"Payload too large: the body has 1100000 bytes; the limit is 1048576"}]}""");
    }

    private static String outcome(String issueCode, String spineCode, String display, String diagnostics) {
        ObjectNode outcome = JSON.createObjectNode().put("resourceType", "OperationOutcome");
        ObjectNode issue = outcome.putArray("issue").addObject().put("severity", "error").put("code", issueCode);
        issue.putObject("details").putArray("coding").addObject().put("system", SPINE).put("code", spineCode).put("display", display);
        issue.put("diagnostics", diagnostics);
        return outcome.toString();
    }

    /**
     * The whole body, with ids the gateway makes up (a notification's, an OperationOutcome's own) left out, and a problem's
     * {@code "type":"about:blank"} taken as its absence (RFC 9457 says they mean the same).
     */
    private static void assertBody(Api.Response response, int status, String contentType, String expected) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith(contentType);
        JsonNode body = normalised(response.body().replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID"));
        assertThat(body).as(response.toString()).isEqualTo(normalised(expected));
    }

    private static JsonNode normalised(String json) {
        JsonNode body = JSON.readTree(json);
        if (body instanceof ObjectNode object) {
            if ("OperationOutcome".equals(object.path("resourceType").asString(null))) {
                object.remove("id");
            }
            if ("about:blank".equals(object.path("type").asString(null))) {
                object.remove("type");
            }
        }
        return body;
    }

    private String dvNotification(String nhs) {
        String body = """
                {"forceReference":"DBY-%s","incidentDateTime":"%s","riskLevel":"standard","location":{"postcode":"DE1 2AB"},
                 "summary":"Officers attended a disturbance (synthetic).",
                 "childrenPresent":[{"nhsNumber":"%s","givenName":"Test","familyName":"Child","birthDate":"2021-04-01"}],
                 "officer":{"name":"PC Jane Doe","collarNumber":"DC1234","phone":"01632 960500"}}
                """.formatted(UUID.randomUUID(), Instant.now().minus(Duration.ofHours(1)), nhs);
        Api.Response response = api.send(api.request("/api/v1/dv-notifications", Tokens.user("police.derbyshire"), "Content-Type",
                "application/json", "Idempotency-Key", UUID.randomUUID().toString()).POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return response.json().get("id").asString();
    }
}
