package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Multipart;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The register beyond single plans: the visibility window, unborn children, transfers, siblings and the board's indicators. */
class RegisterIT extends GatewayIntegrationTest {

    @Autowired
    AgencyDirectory agencies;

    private String plan(String nhs, String type, String la, String start, String end, String given, String birth, String token) {
        return plan(Plans.id(), nhs, type, la, start, end, given, birth, token);
    }

    private String plan(String planId, String nhs, String type, String la, String start, String end, String given, String birth,
            String token) {
        String body = """
                {"nhsNumber":"%s","type":"%s","startDate":"%s",%s"localAuthority":"%s",
                 "child":{"givenName":"%s","familyName":"Register","birthDate":"%s"}}"""
                .formatted(nhs, type, start, end == null ? "" : "\"endDate\":\"" + end + "\",", la, given, birth);
        Api.Response put = api.put("/api/v1/plans/" + planId, token, body);
        assertThat(put.status()).as(put.toString()).isEqualTo(201);
        return planId;
    }

    private List<JsonNode> careTeams(String nhs) {
        return StreamSupport.stream(api.careTeams(nhs, Tokens.user("ae.clinician")).json().path("entry").spliterator(), false)
                .map(e -> e.get("resource")).toList();
    }

    @Test
    void anEndedPlanStaysVisibleAsInactiveForTheWindowThenDisappears() {
        LocalDate today = LocalDate.now();
        String recent = Plans.freshNhsNumber();
        plan(recent, "CPP", "la-derby", today.minusYears(2).toString(), today.minusDays(100).toString(), "Recent", "2018-01-01", Tokens.user("sw.derby"));
        assertThat(careTeams(recent)).singleElement().satisfies(t -> {
            assertThat(t.get("status").asString()).isEqualTo("inactive");
            assertThat(t.get("period").get("end").asString()).isEqualTo(today.minusDays(100).toString());
        });
        String flag = api.get("/fhir/Flag?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + recent, Tokens.user("ae.clinician"))
                .json().get("entry").get(0).get("resource").get("status").asString();
        assertThat(flag).isEqualTo("inactive");

        String old = Plans.freshNhsNumber();
        plan(old, "CPP", "la-derby", today.minusYears(3).toString(), today.minusDays(366).toString(), "Old", "2017-01-01", Tokens.user("sw.derby"));
        assertThat(careTeams(old)).as("ended more than 365 days ago").isEmpty();
    }

    @Test
    void anUnbornChildsPlanIsFoundByTheMothersNumberInCareTeamAndFlag() {
        String mother = Plans.freshNhsNumber();
        String due = LocalDate.now().plusMonths(4).toString();
        plan(mother, "UCPP", "la-derby", LocalDate.now().minusDays(10).toString(), null, "Unborn", due, Tokens.user("sw.derby"));
        JsonNode team = careTeams(mother).get(0);
        assertThat(team.get("category").get(0).get("coding").get(1).get("code").asString()).as("the gateway's code, after CP-IS's SNOMED CT one").isEqualTo("UCPP");
        assertThat(team.get("subject").get("identifier").get("value").asString()).isEqualTo(mother);
        assertThat(team.get("subject").get("display").asString()).contains("Unborn child", due);
        JsonNode flag = api.get("/fhir/Flag?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + mother, Tokens.user("hv.derby"))
                .json().get("entry").get(0).get("resource");
        assertThat(flag.get("code").get("coding").get(1).get("code").asString()).as("the gateway's code, after CP-IS's SNOMED CT one").isEqualTo("UCPP");
        assertThat(flag.get("code").get("text").asString()).startsWith("Unborn child protection plan");
    }

    @Test
    void aTransferEndsTheOldPlanKeepsItAsHistoryTellsBothAuthoritiesAndLookupsNameTheNewOne() {
        String nhs = Plans.freshNhsNumber();
        String derbyPlan = plan(nhs, "CPP", "la-derby", "2025-06-01", null, "Moving", "2019-02-02", Tokens.user("sw.derby"));
        String newPlan = "NOT-" + UUID.randomUUID().toString().substring(0, 8);
        String transfer = "{\"newPlanId\":\"" + newPlan + "\",\"contact\":{\"name\":\"Nottingham duty\",\"phone\":\"0115 496 0000\"}}";

        assertThat(api.post("/api/v1/plans/" + derbyPlan + "/transfer", Tokens.user("sw.derby"), transfer).status())
                .as("an authority cannot transfer in its own plan").isEqualTo(403);
        assertThat(api.post("/api/v1/plans/" + derbyPlan + "/transfer", Tokens.user("police.derbyshire"), transfer).status()).isEqualTo(403);
        Api.Response done = api.post("/api/v1/plans/" + derbyPlan + "/transfer", Tokens.user("sw.nottingham"), transfer);
        assertThat(done.status()).as(done.toString()).isEqualTo(201);
        assertThat(done.json().get("endDate").asString()).isEqualTo(LocalDate.now().minusDays(1).toString());

        List<JsonNode> teams = careTeams(nhs);
        assertThat(teams).hasSize(2);
        assertThat(teams.get(0).get("status").asString()).as("newest first: the receiving authority's").isEqualTo("active");
        assertThat(teams.get(0).get("contained").get(0).get("identifier").get(0).get("value").asString()).isEqualTo("la-nottingham");
        assertThat(teams.get(0).get("contained").get(0).get("telecom").get(0).get("value").asString()).isEqualTo("0115 496 0000");
        assertThat(teams.get(1).get("status").asString()).isEqualTo("inactive");
        assertThat(teams.get(1).get("contained").get(0).get("identifier").get(0).get("value").asString()).isEqualTo("la-derby");

        await().atMost(Duration.ofSeconds(10)).until(() -> messages("sw.derby", "plan-transfer", derbyPlan).size() == 1
                && messages("sw.nottingham", "plan-transfer", newPlan).size() == 1);
        assertThat(api.post("/api/v1/plans/" + derbyPlan + "/transfer", Tokens.user("sw.nottingham"),
                "{\"newPlanId\":\"" + newPlan + "-again\"}").status()).as("an ended plan is not transferred twice").isEqualTo(400);
        assertThat(api.put("/api/v1/plans/" + newPlan, Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status())
                .as("the old authority cannot take it back by PUT").isEqualTo(403);
    }

    @Test
    void aLookupOfOneSiblingNamesTheOthersToTheAuthority() {
        String older = Plans.freshNhsNumber();
        String younger = Plans.freshNhsNumber();
        String olderPlan = plan(older, "CPP", "la-derby", "2026-01-01", null, "Olderkid", "2015-01-01", Tokens.user("sw.derby"));
        String youngerPlan = plan(younger, "CPP", "la-derby", "2026-01-01", null, "Youngerkid", "2020-01-01", Tokens.user("sw.derby"));
        String group = "{\"planIds\":[\"" + olderPlan + "\",\"" + youngerPlan + "\"]}";
        String groupId = "SIB-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.put("/api/v1/sibling-groups/" + groupId, Tokens.user("sw.nottingham"), group).status()).isEqualTo(403);
        assertThat(api.put("/api/v1/sibling-groups/" + groupId, Tokens.user("sw.derby"), "{\"planIds\":[\"" + olderPlan + "\"]}").status())
                .isEqualTo(400);
        assertThat(api.put("/api/v1/sibling-groups/" + groupId, Tokens.user("sw.derby"), group).status()).isEqualTo(204);

        api.careTeams(older, Tokens.user("ae.clinician"));
        JsonNode note = await().atMost(Duration.ofSeconds(10)).until(() -> messages("sw.derby", "access-notification", olderPlan), l -> l.size() == 1).get(0);
        assertThat(note.get("summary").asString()).contains("Siblings with plans", "Youngerkid", younger);
    }

    @Test
    void aDeletedPlanLeavesItsSiblingGroupSoAPlanLaterGivenItsIdIsNoSibling() {
        String child = Plans.freshNhsNumber();
        String childPlan = plan(child, "CPP", "la-derby", "2026-01-01", null, "Stayingkid", "2016-01-01", Tokens.user("sw.derby"));
        String gonePlan = plan(Plans.freshNhsNumber(), "CPP", "la-derby", "2026-01-01", null, "Gonekid", "2018-01-01", Tokens.user("sw.derby"));
        String groupId = "SIB-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.put("/api/v1/sibling-groups/" + groupId, Tokens.user("sw.derby"),
                "{\"planIds\":[\"" + childPlan + "\",\"" + gonePlan + "\"]}").status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/plans/" + gonePlan, Tokens.user("sw.derby")).status()).isEqualTo(204);
        // the local authority reuses the id for an unrelated child
        String stranger = Plans.freshNhsNumber();
        plan(gonePlan, stranger, "CPP", "la-derby", "2026-02-01", null, "Strangerkid", "2019-01-01", Tokens.user("sw.derby"));

        api.careTeams(child, Tokens.user("ae.clinician"));
        JsonNode note = await().atMost(Duration.ofSeconds(10)).until(() -> messages("sw.derby", "access-notification", childPlan), l -> l.size() == 1).get(0);
        assertThat(note.get("summary").asString()).contains("Stayingkid").doesNotContain("Strangerkid").doesNotContain(stranger);
    }

    @Test
    void indicatorsOnKnownData() {
        String la = "la-indicators-" + UUID.randomUUID().toString().substring(0, 6);
        Agency gp = agencies.find("gp-derby-central").orElseThrow();
        agencies.save(new Agency(la, Agency.LOCAL_AUTHORITY, "Indicator test authority (test)", List.of("ZZ"), "01632 960900", "01632 960901",
                gp.certificatePem(), null));
        String social = Tokens.systemClient("sc-" + la, la, "social-care");
        LocalDate today = LocalDate.now();
        String longPlanNhs = Plans.freshNhsNumber();
        String longPlan = plan(longPlanNhs, "CPP", la, today.minusYears(3).toString(), null, "Longplan", "2014-01-01", social);
        String shortPlanNhs = Plans.freshNhsNumber();
        plan(shortPlanNhs, "CPP", la, today.minusMonths(2).toString(), null, "Shortplan", "2016-06-06", social);
        plan(Plans.freshNhsNumber(), "LAC", la, today.minusMonths(1).toString(), null, "Lookedafter", "2012-03-03", social);
        plan(Plans.freshNhsNumber(), "CPP", la, today.minusYears(2).toString(), today.minusMonths(1).toString(), "Ended", "2013-01-01", social);

        api.careTeams(longPlanNhs, Tokens.user("ae.clinician"));
        api.careTeams(shortPlanNhs, Tokens.user("gp.derby"));

        Multipart minutes = new Multipart().json("metadata", "{\"kind\":\"conference-minutes\",\"planId\":\"" + longPlan + "\",\"nhsNumber\":\""
                + longPlanNhs + "\",\"title\":\"Review\",\"recipients\":[\"gp-derby-central\"]}")
                .file("file", "m.txt", "text/plain", "synthetic".getBytes(StandardCharsets.UTF_8));
        String documentId = api.send(api.request("/api/v1/documents", social, "Content-Type", minutes.contentType()).POST(minutes.publisher()))
                .json().get("id").asString();
        String copy = await().atMost(Duration.ofSeconds(10)).until(() -> messages("gp.derby", "document", documentId), l -> l.size() == 1)
                .get(0).get("id").asString();
        assertThat(api.post("/api/v1/inbox/" + copy + "/acknowledge", Tokens.user("gp.derby"), "").status()).isEqualTo(204);

        String reference = "IND-" + UUID.randomUUID();
        String dv = """
                {"forceReference":"%s","incidentDateTime":"%s","riskLevel":"standard","location":{"postcode":"ZZ1 1AA"},"summary":"Synthetic",
                 "childrenPresent":[{"givenName":"Unmatched","familyName":"Child","birthDate":"2017-07-07","schoolId":"school-derby-primary"}],
                 "officer":{"name":"PC Test","collarNumber":"T9","phone":"01632 960500"}}""".formatted(reference, Instant.now().minusSeconds(3600));
        String dvId = api.send(api.request("/api/v1/dv-notifications", Tokens.user("police.derbyshire"), "Content-Type", "application/json",
                "Idempotency-Key", reference).POST(java.net.http.HttpRequest.BodyPublishers.ofString(dv))).json().get("id").asString();
        String schoolCopy = await().atMost(Duration.ofSeconds(10)).until(() -> messages("dsl.derby", "dv-notification", dvId), l -> l.size() == 1)
                .get(0).get("id").asString();
        assertThat(api.post("/api/v1/inbox/" + schoolCopy + "/acknowledge", Tokens.user("dsl.derby"), "").status()).isEqualTo(204);
        assertThat(api.post("/api/v1/dv-notifications/" + dvId + "/outcome", social, "{\"decision\":\"early-help\"}").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/indicators?la=" + la, social).json()
                .get("accessNotificationsPerWeek").findValues("accessNotifications").stream().mapToLong(JsonNode::asLong).sum() == 2);

        JsonNode report = api.get("/api/v1/indicators?la=" + la, social).json();
        assertThat(report.get("activePlans").asLong()).isEqualTo(3);
        assertThat(report.get("plansTwoYearsOrMore").asLong()).isEqualTo(1);
        assertThat(report.get("minutesAcknowledgement").get("acknowledged").asLong()).isEqualTo(1);
        assertThat(report.get("minutesAcknowledgement").get("awaiting").asLong()).isZero();
        assertThat(report.get("dvOutcomes").get("early-help").asLong()).isEqualTo(1);
        assertThat(report.get("schoolNotifications").get("due").asLong()).isEqualTo(1);
        assertThat(report.get("schoolNotifications").get("percentInTime").asDouble()).isEqualTo(100.0);

        assertThat(api.get("/api/v1/indicators?la=" + la, Tokens.user("auditor")).status()).as("the board").isEqualTo(200);
        assertThat(api.get("/api/v1/indicators?la=" + la, Tokens.user("sw.derby")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/indicators?la=" + la, Tokens.user("ae.clinician")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/indicators", social).status()).isEqualTo(400);
    }

    private List<JsonNode> messages(String user, String type, String reference) {
        JsonNode messages = api.get("/api/v1/inbox?type=" + type + "&size=200", Tokens.user(user)).json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false).filter(m -> reference.equals(m.get("reference").asString())).toList();
    }
}
