package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import tools.jackson.databind.JsonNode;

/** "Who looked at this child": the holding authority and the auditor see every caller's access, the refused ones too. */
class AccessReportIT extends GatewayIntegrationTest {

    private static final String REPORT = "/api/v1/access-report?nhsNumber=";

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static JsonNode withPurpose(List<JsonNode> accesses, String traceId) {
        return accesses.stream().filter(a -> traceId.equals(a.path("purpose").asString(null))).findFirst().orElseThrow();
    }

    private static JsonNode organisation(JsonNode report, String orgId) {
        return list(report.get("byOrganisation")).stream().filter(o -> orgId.equals(o.get("organisation").asString())).findFirst().orElseThrow();
    }

    @Test
    void theHoldingAuthorityAndTheAuditorSeeWhoLookedAndWhoWasRefused() {
        String nhs = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status()).isEqualTo(201);
        String attendance = "ED-" + UUID.randomUUID();
        assertThat(api.careTeams(nhs, Tokens.user("ae.clinician"), "TraceID", attendance).status()).isEqualTo(200);
        String attempt = "POL-" + UUID.randomUUID();
        assertThat(api.careTeams(nhs, Tokens.user("police.derbyshire"), "TraceID", attempt).status()).isEqualTo(403);

        Api.Response derby = api.get(REPORT + nhs, Tokens.user("sw.derby"), "TraceID", "LA-report");
        assertThat(derby.status()).as(derby.toString()).isEqualTo(200);
        JsonNode report = derby.json();
        assertThat(report.get("nhsNumber").asString()).isEqualTo(nhs);
        assertThat(report.get("truncated").asBoolean()).isFalse();
        List<JsonNode> accesses = list(report.get("accesses"));
        assertThat(accesses.get(0).get("action").asString()).as("reading the report is itself an access, the newest").isEqualTo("access-report-read");
        assertThat(accesses.get(0).get("user").asString()).isEqualTo("sw.derby");
        assertThat(accesses.get(0).get("purpose").asString()).isEqualTo("LA-report");
        assertThat(accesses).extracting(a -> a.get("user").asString()).doesNotContain("gateway");

        JsonNode lookup = withPurpose(accesses, attendance);
        assertThat(lookup.get("user").asString()).isEqualTo("ae.clinician");
        assertThat(lookup.get("role").asString()).isEqualTo("unscheduled-care");
        assertThat(lookup.get("organisation").asString()).isEqualTo("ae-royal-derby");
        assertThat(lookup.get("organisationName").asString()).isNotBlank();
        assertThat(lookup.get("action").asString()).isEqualTo("cp-lookup");
        assertThat(lookup.get("outcome").asString()).isEqualTo("allowed");
        assertThat(lookup.get("time").asString()).isNotBlank();

        JsonNode refused = withPurpose(accesses, attempt);
        assertThat(refused.get("user").asString()).isEqualTo("police.derbyshire");
        assertThat(refused.get("role").asString()).isEqualTo("police");
        assertThat(refused.get("organisation").asString()).isEqualTo("police-derbyshire");
        assertThat(refused.get("action").asString()).isEqualTo("cp-lookup");
        assertThat(refused.get("outcome").asString()).isEqualTo("denied");
        assertThat(refused.get("reason").asString()).contains("ROLE_NOT_PERMITTED");
        assertThat(accesses.indexOf(refused)).as("newest first").isLessThan(accesses.indexOf(lookup));
        assertThat(accesses.get(accesses.size() - 1).get("action").asString()).as("the oldest: the plan's creation").isEqualTo("plan-write");

        assertThat(organisation(report, "ae-royal-derby").get("count").asLong()).isEqualTo(1);
        assertThat(organisation(report, "ae-royal-derby").get("lastAccess").asString()).isEqualTo(lookup.get("time").asString());
        assertThat(organisation(report, "police-derbyshire").get("count").asLong()).isEqualTo(1);
        assertThat(organisation(report, "la-derby").get("count").asLong()).as("the plan's write and this read").isEqualTo(2);

        Api.Response auditor = api.get(REPORT + nhs, Tokens.user("auditor"));
        assertThat(auditor.status()).as(auditor.toString()).isEqualTo(200);
        List<JsonNode> seenByAuditor = list(auditor.json().get("accesses"));
        assertThat(withPurpose(seenByAuditor, attendance).get("outcome").asString()).isEqualTo("allowed");
        assertThat(withPurpose(seenByAuditor, attempt).get("outcome").asString()).isEqualTo("denied");
    }

    @Test
    void othersAreRefusedAndTheRefusalIsRecorded() {
        String nhs = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status()).isEqualTo(201);

        Api.Response otherAuthority = api.get(REPORT + nhs, Tokens.user("sw.nottingham"), "TraceID", "NOT-curious");
        assertThat(otherAuthority.status()).isEqualTo(403);
        assertThat(otherAuthority.contentType()).startsWith("application/problem+json");
        assertThat(otherAuthority.json().get("code").asString()).isEqualTo("OTHER_ORGANISATION");
        Api.Response clinician = api.get(REPORT + nhs, Tokens.user("ae.clinician"));
        assertThat(clinician.status()).isEqualTo(403);
        assertThat(clinician.json().get("code").asString()).isEqualTo("ROLE_NOT_PERMITTED");
        assertThat(api.get(REPORT + Plans.freshNhsNumber(), Tokens.user("sw.derby")).status())
                .as("a child for whom the authority holds no plan").isEqualTo(403);

        JsonNode refusal = withPurpose(list(api.get(REPORT + nhs, Tokens.user("auditor")).json().get("accesses")), "NOT-curious");
        assertThat(refusal.get("action").asString()).isEqualTo("access-report-read");
        assertThat(refusal.get("organisation").asString()).isEqualTo("la-nottingham");
        assertThat(refusal.get("outcome").asString()).isEqualTo("denied");
    }

    @Test
    void noTokenABadNumberOrNoNumberAreRefusedAsProblems() {
        Api.Response anonymous = api.get(REPORT + Plans.freshNhsNumber(), null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");

        Api.Response badCheckDigit = api.get(REPORT + "9434765918", Tokens.user("auditor"));
        assertThat(badCheckDigit.status()).as(badCheckDigit.toString()).isEqualTo(400);
        assertThat(badCheckDigit.contentType()).startsWith("application/problem+json");
        assertThat(badCheckDigit.json().get("errors").get(0).get("field").asString()).isEqualTo("nhsNumber");
        assertThat(api.get(REPORT + "12345", Tokens.user("auditor")).status()).isEqualTo(400);

        Api.Response missing = api.get("/api/v1/access-report", Tokens.user("auditor"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("nhsNumber");
    }
}
