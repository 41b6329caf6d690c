package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.R4Validation;
import org.safeguarding.gateway.server.support.Tokens;

/** The A&E clinician's question, end to end: real tokens, real HTTP, the real register. */
class CpLookupIT extends GatewayIntegrationTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();


    @Test
    void aPlanPutBySocialCareIsVisibleToAeWithinOneSecondAndGoneWhenDeleted() {
        String nhs = Plans.freshNhsNumber();
        String planId = Plans.id();
        Api.Response put = api.put("/api/v1/plans/" + planId, Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby"));
        assertThat(put.status()).as(put.toString()).isEqualTo(201);

        String ae = Tokens.user("ae.clinician");
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(api.careTeams(nhs, ae).json().get("total").asInt()).isEqualTo(1));
        var team = api.careTeams(nhs, ae).json().get("entry").get(0).get("resource");
        assertThat(team.get("category").get(0).get("coding").get(0).get("code").asString()).isEqualTo("342191000000101");
        assertThat(team.get("category").get(0).get("coding").get(1).get("code").asString()).isEqualTo("CPP");
        assertThat(team.get("status").asString()).isEqualTo("active");
        assertThat(team.get("period").get("start").asString()).isEqualTo("2026-01-05");
        var authority = team.get("contained").get(0);
        assertThat(authority.get("identifier").get(0).get("value").asString()).isEqualTo("la-derby");
        assertThat(authority.get("telecom").get(0).get("value").asString()).as("office-hours phone from the directory").isNotBlank();
        assertThat(authority.get("contact").get(0).get("telecom").get(0).get("value").asString())
                .as("out-of-hours phone from the directory").isNotBlank();

        assertThat(api.put("/api/v1/plans/" + planId, Tokens.user("sw.derby"), Plans.json(nhs, "LAC", "la-derby")).status())
                .as("a second PUT updates").isEqualTo(200);
        assertThat(api.careTeams(nhs, ae).json().get("entry").get(0).get("resource").get("category").get(0)
                .get("coding").get(1).get("code").asString()).isEqualTo("LAC");

        assertThat(api.delete("/api/v1/plans/" + planId, Tokens.user("sw.derby")).status()).isEqualTo(204);
        assertThat(api.careTeams(nhs, ae).json().get("total").asInt()).isZero();
        assertThat(api.delete("/api/v1/plans/" + planId, Tokens.user("sw.derby")).status())
                .as("a plan no longer there is refused as another authority's is").isEqualTo(403);
    }

    @Test
    void aLookupAnswerIsSentWholeWithItsLengthNotInChunks() throws Exception {
        String nhs = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status())
                .isEqualTo(201);
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                api.request("/fhir/CareTeam?patient:identifier=" + Api.NHS + "|" + nhs, Tokens.user("ae.clinician")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Transfer-Encoding")).as("no chunked framing").isEmpty();
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/fhir+json"));
        // the numbers HAPI used to flush after are still there: the contact ranks of the responsible authority
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("\"rank\":1").contains("\"total\":1");
    }

    @Test
    void theLookupWriterAnswersAsHapiDoesWithTheSameHeaders() throws Exception {
        String nhs = Plans.freshNhsNumber();
        String body = """
                {"nhsNumber":"%s","type":"UCPP","startDate":"2026-02-01","localAuthority":"la-derby",
                 "child":{"givenName":"Zoë","familyName":"O'Neil \\"Jr\\"","birthDate":"2027-02-02"},
                 "contact":{"name":"Duty team","phone":"01632 960999"}}
                """.formatted(nhs);
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), body).status()).isEqualTo(201);
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status())
                .isEqualTo(201);
        String ae = Tokens.user("ae.clinician");
        for (String type : List.of("CareTeam", "Flag")) {
            String query = "/fhir/" + type + "?patient:identifier=" + Api.NHS + "|" + nhs;
            HttpResponse<byte[]> ours = HttpClient.newHttpClient().send(api.request(query, ae).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            // _pretty=false renders the same JSON but leaves the answer to HAPI's own encoder
            HttpResponse<byte[]> hapis = HttpClient.newHttpClient().send(api.request(query + "&_pretty=false", ae).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(ours.statusCode()).isEqualTo(200);
            assertThat(hapis.statusCode()).isEqualTo(200);
            assertThat(withoutBundleIdentity(ours.body(), type)).isEqualTo(withoutBundleIdentity(hapis.body(), type));
            assertThat(ours.headers().map().keySet()).isEqualTo(hapis.headers().map().keySet());
            assertThat(ours.headers().firstValue("Content-Type")).isEqualTo(hapis.headers().firstValue("Content-Type"));
            assertThat(ours.headers().firstValue("Last-Modified")).isPresent();
        }
    }

    /** The bundle's id and time, and the self link (which carries the _pretty parameter), differ between two answers. */
    private static String withoutBundleIdentity(byte[] body, String type) {
        return new String(body, StandardCharsets.UTF_8)
                .replaceFirst("\"id\":\"[0-9a-f-]{36}\",\"meta\":\\{\"lastUpdated\":\"[^\"]+\"}", "")
                .replaceFirst("\"url\":\"[^\"]*/fhir/" + type + "\\?[^\"]*\"", "");
    }

    @Test
    void anUnknownChildGivesAnEmptyBundle() {
        Api.Response response = api.careTeams(Plans.freshNhsNumber(), Tokens.user("ae.clinician"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("resourceType").asString()).isEqualTo("Bundle");
        assertThat(response.json().get("type").asString()).isEqualTo("searchset");
        assertThat(response.json().get("total").asInt()).isZero();
        assertThat(response.json().has("entry")).isFalse();
    }

    @Test
    void theContactGivenWithThePlanIsWhomToRing() {
        String nhs = Plans.freshNhsNumber();
        String body = """
                {"nhsNumber":"%s","type":"CPP","startDate":"2026-02-01","localAuthority":"la-derby",
                 "child":{"givenName":"Rae","familyName":"Test","birthDate":"2020-02-02"},
                 "contact":{"name":"Duty team","phone":"01632 960999","outOfHoursPhone":"01632 960998"}}
                """.formatted(nhs);
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), body).status()).isEqualTo(201);
        var authority = api.careTeams(nhs, Tokens.user("ae.clinician")).json().get("entry").get(0).get("resource")
                .get("contained").get(0);
        assertThat(authority.get("telecom").get(0).get("value").asString()).isEqualTo("01632 960999");
        assertThat(authority.get("contact").get(0).get("telecom").get(0).get("value").asString()).isEqualTo("01632 960998");
    }

    @Test
    void aHapiGenericClientSearchesCareTeamAndEveryResourceValidatesAgainstBaseR4() {
        IGenericClient client = FHIR.newRestfulGenericClient(api.base() + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(Tokens.user("ae.clinician")));
        // a child of this test's own: other tests' bulk uploads may add plans to demo numbers
        String demoChild = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(demoChild, "CPP", "la-derby")).status())
                .isEqualTo(201);

        Bundle careTeams = client.search().forResource(CareTeam.class)
                .where(new TokenClientParam("patient:identifier").exactly().systemAndCode(Api.NHS, demoChild))
                .returnBundle(Bundle.class).execute();
        assertThat(careTeams.getTotal()).isEqualTo(1);
        CareTeam team = (CareTeam) careTeams.getEntryFirstRep().getResource();
        assertThat(team.getSubject().getIdentifier().getValue()).isEqualTo(demoChild);
        assertThat(team.getContained()).singleElement().isInstanceOf(Organization.class);

        Bundle flags = client.search().forResource(Flag.class)
                .where(new TokenClientParam("patient:identifier").exactly().systemAndCode(Api.NHS, demoChild))
                .returnBundle(Bundle.class).execute();
        assertThat(flags.getTotal()).isEqualTo(1);
        assertThat(((Flag) flags.getEntryFirstRep().getResource()).getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);

        Bundle history = client.search().forResource(AuditEvent.class)
                .where(new TokenClientParam("patient:identifier").exactly().systemAndCode(Api.NHS, demoChild))
                .returnBundle(Bundle.class).execute();
        assertThat(history.getTotal()).as("the two lookups above were notifying").isGreaterThanOrEqualTo(2);

        for (List<Bundle.BundleEntryComponent> entries : List.of(careTeams.getEntry(), flags.getEntry(), history.getEntry())) {
            for (Bundle.BundleEntryComponent entry : entries) {
                R4Validation.assertValid(entry.getResource());
            }
        }
        R4Validation.assertValid(careTeams);
    }

    @Test
    void anUnbornChildsPlanIsFoundByTheMothersNhsNumber() {
        var response = api.careTeams("9994854062", Tokens.user("hv.derby")).json();
        var team = java.util.stream.StreamSupport.stream(response.get("entry").spliterator(), false).map(e -> e.get("resource"))
                .filter(t -> t.get("id").asString().equals("DER-UCPP-0001")).findFirst().orElseThrow();
        assertThat(team.get("category").get(0).get("coding").get(0).get("code").asString()).isEqualTo("818901000000100");
        assertThat(team.get("subject").get("display").asString()).startsWith("Unborn child");
    }

    @Test
    void accessHistoryListsNotifyingLookupsWithWhoRoleAndOrganisation() {
        String nhs = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status())
                .isEqualTo(201);
        api.careTeams(nhs, Tokens.user("ae.clinician"));
        api.careTeams(nhs, Tokens.user("safeguarding.nurse"), "IsUnscheduledAccessEvent", "false");
        api.careTeams(nhs, Tokens.user("gp.derby"));

        var bundle = api.get("/fhir/AuditEvent?patient:identifier=" + Api.NHS + "|" + nhs, Tokens.user("safeguarding.nurse")).json();
        assertThat(bundle.get("total").asInt()).as("two notifying lookups; the silent read is not listed").isEqualTo(2);
        var newest = bundle.get("entry").get(0).get("resource");
        // CP-IS's child agent first, then the viewer (ASSIGNED), then BALP's client and server
        assertThat(newest.get("agent").get(0).get("who").get("identifier").get("value").asString()).isEqualTo(nhs);
        assertThat(newest.get("agent").get(1).get("role").get(0).get("text").asString()).isEqualTo("gp");
        assertThat(newest.get("agent").get(2).get("who").get("identifier").get("value").asString()).isEqualTo("gp-derby-central");
        assertThat(newest.get("entity").get(0).get("what").get("identifier").get("value").asString()).isEqualTo(nhs);
    }

    @Test
    void theAuditorExportsEveryEventAboutAChildAsBalpAuditEventsThatValidate() {
        String nhs = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status())
                .isEqualTo(201);
        api.careTeams(nhs, Tokens.user("ae.clinician"), "TraceID", "balp-export");
        assertThat(api.careTeams(nhs, Tokens.user("police.derbyshire")).status()).isEqualTo(403);

        IGenericClient client = FHIR.newRestfulGenericClient(api.base() + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(Tokens.user("auditor")));
        Bundle events = client.search().forResource(AuditEvent.class)
                .where(new TokenClientParam("patient:identifier").exactly().systemAndCode(Api.NHS, nhs))
                .returnBundle(Bundle.class).execute();
        List<AuditEvent> all = events.getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
        assertThat(all).extracting(e -> e.getMeta().getProfile().isEmpty() ? "none" : e.getMeta().getProfile().get(0).getValue())
                .as("the plan write, the lookup, and the refusal").contains(
                        "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientQuery", "none");
        assertThat(all).anySatisfy(e -> assertThat(e.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4));
        all.forEach(R4Validation::assertValid);
        assertThat(api.get("/fhir/AuditEvent?patient:identifier=" + Api.NHS + "|" + nhs, Tokens.user("police.derbyshire")).status())
                .isEqualTo(403);
    }

}
