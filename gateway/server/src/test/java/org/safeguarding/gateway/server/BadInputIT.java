package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;

/** Bad input gets a 4xx that names the problem, nothing is stored, and the service stays up. */
class BadInputIT extends GatewayIntegrationTest {

    @Autowired
    PlanRegister register;

    @Test
    void fhirSearchesRefuseBadNhsNumbersAndMissingParametersWithOperationOutcomes() {
        String ae = Tokens.user("ae.clinician");
        assertOperationOutcome(api.careTeams("9997176953", ae), "check digit");
        assertOperationOutcome(api.careTeams("99977091", ae), "10 digits");
        assertOperationOutcome(api.careTeams("99977O9144", ae), "10 digits");
        assertOperationOutcome(api.get("/fhir/CareTeam", ae), "Missing required parameter patient:identifier");
        assertOperationOutcome(api.get("/fhir/Flag?patient:identifier=9997709144", ae), Api.NHS);
        assertOperationOutcome(api.get("/fhir/CareTeam?patient:identifier=urn:other|9997709144", ae), Api.NHS);
        assertOperationOutcome(api.get("/fhir/CareTeam?name=Smith", ae), "Unsupported search parameter 'name'");
        assertOperationOutcome(api.careTeams("9997709144", ae, "IsUnscheduledAccessEvent", "maybe"), "true or false");
        assertThat(api.get("/actuator/health", null).json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void malformedJsonIsAProblemAndNothingIsStored() {
        String planId = Plans.id();
        Api.Response response = api.put("/api/v1/plans/" + planId, Tokens.user("sw.derby"), "{\"nhsNumber\": \"999");
        assertProblem(response, 400);
        assertThat(response.json().get("title").asString()).isEqualTo("Malformed request body");
        assertThat(register.find(planId)).isEmpty();
    }

    @Test
    void everyInvalidPlanFieldIsNamedAndNothingIsStored() {
        String planId = Plans.id();
        String body = """
                {"nhsNumber":"9997176953","type":"XYZ","startDate":"2026-13-01","endDate":"2020-01-01",
                 "localAuthority":"","child":{"givenName":"","familyName":"Test","birthDate":"2999-01-01"},
                 "contact":{"name":"x","phone":"call me"},"coreGroup":["Not An Org"]}
                """;
        Api.Response response = api.put("/api/v1/plans/" + planId, Tokens.user("sw.derby"), body);
        assertProblem(response, 400);
        assertThat(StreamSupport.stream(response.json().get("errors").spliterator(), false).map(e -> e.get("field").asString()))
                .contains("nhsNumber", "type", "startDate", "localAuthority", "child.givenName", "contact.phone", "coreGroup[0]");
        assertThat(register.find(planId)).isEmpty();
    }

    @Test
    void wrongTypesAndAMissingBodyAreNamed() {
        Api.Response wrongShape = api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"),
                "{\"nhsNumber\":\"9997709144\",\"child\":\"not an object\"}");
        assertProblem(wrongShape, 400);
        assertThat(wrongShape.json().get("errors").get(0).get("field").asString()).isEqualTo("child");

        Api.Response endDateBeforeStart = api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), """
                {"nhsNumber":"%s","type":"CPP","startDate":"2026-01-05","endDate":"2025-01-01","localAuthority":"la-derby",
                 "child":{"givenName":"A","familyName":"B","birthDate":"2020-01-01"}}""".formatted(Plans.freshNhsNumber()));
        assertProblem(endDateBeforeStart, 400);
        assertThat(endDateBeforeStart.json().get("errors").get(0).get("field").asString()).isEqualTo("endDate");

        assertProblem(api.send(api.request("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), "Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.noBody())), 400);
        assertProblem(api.send(api.request("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), "Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("hello"))), 415);
        assertProblem(api.put("/api/v1/plans/has%20space", Tokens.user("sw.derby"), Plans.json(Plans.freshNhsNumber(), "CPP", "la-derby")), 400);
    }

    @Test
    void anOversizedBodyIs413() {
        String huge = "{\"nhsNumber\":\"" + "9".repeat(1_100_000) + "\"}";
        String planId = Plans.id();
        assertProblem(api.put("/api/v1/plans/" + planId, Tokens.user("sw.derby"), huge), 413);
        assertThat(register.find(planId)).isEmpty();
    }

    @Test
    void inboxPagingIsBounded() {
        assertProblem(api.get("/api/v1/inbox?size=100000", Tokens.user("sw.derby")), 400);
        assertProblem(api.get("/api/v1/inbox?type=DROP%20TABLE", Tokens.user("sw.derby")), 400);
        assertProblem(api.post("/api/v1/inbox/no-such-message/acknowledge", Tokens.user("sw.derby"), ""), 404);
    }

    @Test
    void auditQueriesValidateTheNhsNumber() {
        assertProblem(api.get("/api/v1/audit?nhsNumber=123", Tokens.user("auditor")), 400);
        assertProblem(api.get("/api/v1/audit", Tokens.user("auditor")), 400);
    }

    private static void assertOperationOutcome(Api.Response response, String diagnosticsContain) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("resourceType").asString()).isEqualTo("OperationOutcome");
        assertThat(response.json().get("issue").get(0).get("diagnostics").asString()).contains(diagnosticsContain);
    }

    private static void assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
    }
}
