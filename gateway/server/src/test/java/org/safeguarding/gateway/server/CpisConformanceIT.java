package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.R4Validation;
import org.safeguarding.gateway.server.support.Tokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An EPR built to NHS England's CP-IS FHIR R4 consumer guide, pointed at the gateway with nothing changed but the base
 * URL and the token: every point of the guide's facts ({@code shared/specs/cpis/README.md}), each over real HTTP with
 * real tokens; the guide's own example Bundles side by side with ours; HAPI's generic client reading and validating.
 */
class CpisConformanceIT extends GatewayIntegrationTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SNOMED = "http://snomed.info/sct";
    private static final String ROLE_CLASS = "http://terminology.hl7.org/CodeSystem/v3-RoleClass";
    private static final String SPINE = "https://fhir.nhs.uk/CodeSystem/England-SpineErrorOrWarningCode";
    private static final String VIEWERS = "AuditEvent:entity-type=" + ROLE_CLASS + "|ASSIGNED";
    private static final String DERBY = "Derby City Council Children's Services (demo)";
    private static final String DERBY_OFFICE = "01632 960001";
    private static final String DERBY_DUTY_TEAM = "01632 960002";



    // ---- Interactions

    @Test
    void theBarBetweenSystemAndNumberMayArriveEncodedOrNot() throws IOException {
        String nhs = planFor("CPP");
        String ae = Tokens.user("ae.clinician");
        assertThat(api.get("/fhir/CareTeam?patient:identifier=" + Api.NHS + "%7C" + nhs, ae).json().get("total").asInt()).isEqualTo(1);
        // java.net.URI refuses a raw '|', so this request goes over a plain socket, as some EPRs send it
        RawResponse raw = rawGet("/fhir/CareTeam?patient:identifier=" + Api.NHS + "|" + nhs, ae);
        assertThat(raw.status()).as(raw.body()).isEqualTo(200);
        assertThat(JSON.readTree(raw.body()).get("total").asInt()).isEqualTo(1);
    }

    @Test
    void answersAreFhirJsonSearchsetsWhoseEntriesHaveFullUrlAndSearchMode() {
        String nhs = planFor("CPP");
        String ae = Tokens.user("ae.clinician");
        api.careTeams(nhs, ae);
        for (String query : List.of("/fhir/CareTeam?patient:identifier=" + Api.NHS + "|" + nhs,
                "/fhir/Flag?patient:identifier=" + Api.NHS + "|" + nhs,
                "/fhir/AuditEvent?patient:identifier=" + Api.NHS + "|" + nhs,
                "/fhir/AuditEvent?patient:identifier=" + Api.NHS + "|" + nhs + "&_include=" + VIEWERS)) {
            Api.Response response = api.get(query, ae);
            assertThat(response.status()).as(query).isEqualTo(200);
            assertThat(response.contentType()).as(query).startsWith("application/fhir+json");
            JsonNode bundle = response.json();
            assertThat(bundle.get("resourceType").asString()).isEqualTo("Bundle");
            assertThat(bundle.get("type").asString()).isEqualTo("searchset");
            int matches = 0;
            for (JsonNode entry : bundle.get("entry")) {
                String type = entry.get("resource").get("resourceType").asString();
                assertThat(entry.get("fullUrl").asString()).as(query)
                        .isEqualTo(api.base() + "/fhir/" + type + "/" + entry.get("resource").get("id").asString());
                String mode = entry.get("search").get("mode").asString();
                assertThat(mode).as(query + " " + type).isEqualTo(type.equals("PractitionerRole") ? "include" : "match");
                matches += mode.equals("match") ? 1 : 0;
            }
            assertThat(bundle.get("total").asInt()).as("total counts the matches only: " + query).isEqualTo(matches).isPositive();
        }
    }

    @Test
    void noRecordIsAnEmptySearchsetWithTotalZero() {
        for (String type : List.of("CareTeam", "Flag", "AuditEvent")) {
            Api.Response response = api.get("/fhir/" + type + "?patient:identifier=" + Api.NHS + "|" + Plans.freshNhsNumber(),
                    Tokens.user("safeguarding.nurse"));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("type").asString()).isEqualTo("searchset");
            assertThat(response.json().get("total").asInt()).isZero();
            assertThat(response.json().has("entry")).isFalse();
        }
    }

    @Test
    void theAccessHistoryAnswersBothFormsWithAtMostTheTwentyFiveMostRecentAccesses() {
        String nhs = planFor("CPP");
        String ae = Tokens.user("ae.clinician");
        List<String> traces = new ArrayList<>();
        for (int i = 0; i < 27; i++) {
            String trace = UUID.randomUUID().toString();
            traces.add(trace);
            assertThat(api.careTeams(nhs, ae, "TraceID", trace).status()).isEqualTo(200);
        }
        JsonNode plain = history(nhs, false);
        JsonNode included = history(nhs, true);
        assertThat(plain.get("total").asInt()).isEqualTo(25);
        assertThat(included.get("total").asInt()).isEqualTo(25);
        assertThat(resources(plain, "PractitionerRole")).isEmpty();
        assertThat(resources(included, "PractitionerRole")).as("one viewer, once").hasSize(1);
        assertThat(resources(included, "AuditEvent")).hasSize(25);
        // newest first: the last 25 TraceIDs, the first two are past the limit
        List<String> newestFirst = new ArrayList<>(traces.subList(2, 27));
        Collections.reverse(newestFirst);
        assertThat(resources(plain, "AuditEvent").stream().map(CpisConformanceIT::traceOf).toList()).isEqualTo(newestFirst);
    }

    // ---- Headers

    @Test
    void theTraceIdIsRecordedAndAMissingUnscheduledHeaderMeansANotifyingLookup() {
        String nhs = planFor("CPP");
        String trace = UUID.randomUUID().toString();
        assertThat(api.careTeams(nhs, Tokens.user("ae.clinician"), "TraceID", trace).status()).isEqualTo(200);
        assertThat(api.careTeams(nhs, Tokens.user("gp.derby"), "IsUnscheduledAccessEvent", "true").status()).isEqualTo(200);
        assertThat(api.careTeams(nhs, Tokens.user("safeguarding.nurse"), "IsUnscheduledAccessEvent", "false").status())
                .as("a scheduled (silent) read").isEqualTo(200);

        List<JsonNode> events = resources(history(nhs, true), "AuditEvent");
        assertThat(events).as("the two unscheduled accesses; the silent read is not in the history").hasSize(2);
        assertThat(traceOf(events.get(1))).isEqualTo(trace);
        assertThat(api.get("/api/v1/inbox?type=access-notification&size=100", Tokens.user("sw.derby")).body())
                .as("the missing header notified the local authority").contains(nhs);
    }

    // ---- CareTeam

    @Test
    void theCategoryIsCpisSnomedCodeWithTheGatewaysCodeSecond() {
        Map<String, String[]> expected = Map.of(
                "CPP", new String[] {"342191000000101", "Subject to child protection plan"},
                "LAC", new String[] {"764841000000100", "Looked after child"},
                "UCPP", new String[] {"818901000000100", "Unborn child subject to child protection plan"});
        expected.forEach((type, snomed) -> {
            String nhs = planFor(type);
            for (JsonNode concept : List.of(careTeam(nhs).get("category").get(0), flag(nhs).get("code"))) {
                JsonNode codings = concept.get("coding");
                assertThat(codings.get(0).get("system").asString()).isEqualTo(SNOMED);
                assertThat(codings.get(0).get("code").asString()).as(type).isEqualTo(snomed[0]);
                assertThat(codings.get(0).get("display").asString()).isEqualTo(snomed[1]);
                assertThat(codings.get(1).get("code").asString()).as("the gateway's own code, second").isEqualTo(type);
                assertThat(codings.get(1).get("system").asString()).isNotEqualTo(SNOMED);
            }
        });
    }

    @Test
    void theNameIsTheResponsibleAuthoritysAndTheTelecomIsWhomToRingInAndOutOfHours() {
        JsonNode team = careTeam(planFor("CPP"));
        assertThat(team.get("name").asString()).isEqualTo(DERBY);
        assertThat(telecom(team.get("telecom"))).containsExactly("phone|work|" + DERBY_OFFICE, "phone|mobile|" + DERBY_DUTY_TEAM);

        String nhs = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), """
                {"nhsNumber":"%s","type":"CPP","startDate":"2026-02-01","localAuthority":"la-derby",
                 "child":{"givenName":"Rae","familyName":"Test","birthDate":"2020-02-02"},
                 "contact":{"name":"Duty team","phone":"01632 960999","outOfHoursPhone":"01632 960998"}}
                """.formatted(nhs)).status()).isEqualTo(201);
        assertThat(telecom(careTeam(nhs).get("telecom"))).as("the plan's own contact, when given")
                .containsExactly("phone|work|01632 960999", "phone|mobile|01632 960998");
        assertThat(telecom(flag(nhs).get("contained").get(0).get("telecom")).get(0)).isEqualTo("phone|work|01632 960999");
        assertThat(flag(nhs).get("contained").get(0).get("name").asString()).isEqualTo(DERBY);
    }

    @Test
    void thePeriodIsThePlansDatesAndTheSubjectTheNumberAskedAbout() {
        String nhs = Plans.freshNhsNumber();
        LocalDate start = LocalDate.now(CLOCK).minusMonths(14);
        LocalDate end = LocalDate.now(CLOCK).minusMonths(2);
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"),
                Plans.json(nhs, "la-derby", start, end, LocalDate.of(2019, 5, 5))).status()).isEqualTo(201);
        for (JsonNode resource : List.of(careTeam(nhs), flag(nhs))) {
            assertThat(resource.get("period").get("start").asString()).isEqualTo(start.toString());
            assertThat(resource.get("period").get("end").asString()).isEqualTo(end.toString());
            assertThat(resource.get("subject").get("identifier").get("system").asString()).isEqualTo(Api.NHS);
            assertThat(resource.get("subject").get("identifier").get("value").asString()).isEqualTo(nhs);
        }
        // an unborn child's plan is found by, and names, the pregnant woman's number
        String mother = planFor("UCPP");
        assertThat(careTeam(mother).get("subject").get("identifier").get("value").asString()).isEqualTo(mother);
    }

    // ---- AuditEvent and the viewers' PractitionerRoles

    @Test
    void eachAccessNamesTheChildAndTheViewerWhoAppearsOnceWithNameOrganisationAndJobRole() {
        String nhs = planFor("CPP");
        api.careTeams(nhs, Tokens.user("ae.clinician"));
        api.careTeams(nhs, Tokens.user("gp.derby"));
        api.careTeams(nhs, Tokens.user("ae.clinician"));

        JsonNode bundle = history(nhs, true);
        List<JsonNode> events = resources(bundle, "AuditEvent");
        List<JsonNode> roles = resources(bundle, "PractitionerRole");
        assertThat(events).hasSize(3);
        assertThat(roles).as("each viewer once").hasSize(2);
        Map<String, JsonNode> roleById = roles.stream().collect(Collectors.toMap(r -> r.get("id").asString(), r -> r));

        for (JsonNode event : events) {
            assertThat(event.get("recorded").asString()).isNotBlank();
            JsonNode child = agentOfType(event, "PAT");
            assertThat(child.get("who").get("identifier").get("system").asString()).isEqualTo(Api.NHS);
            assertThat(child.get("who").get("identifier").get("value").asString()).isEqualTo(nhs);
            assertThat(child.get("requestor").asBoolean()).isFalse();
            JsonNode viewer = agentOfType(event, "ASSIGNED");
            assertThat(viewer.get("requestor").asBoolean()).isTrue();
            String reference = viewer.get("who").get("reference").asString();
            assertThat(reference).startsWith("PractitionerRole/");
            assertThat(event.get("source").get("observer").get("reference").asString()).isEqualTo(reference);
            assertThat(roleById).containsKey(reference.substring("PractitionerRole/".length()));
        }
        JsonNode clinician = roleOf(roles, "Alex Emery");
        assertThat(clinician.get("organization").get("display").asString()).isEqualTo("Royal Derby Hospital Emergency Department (demo)");
        assertJobRole(clinician, "223366009", "Healthcare professional");
        JsonNode gp = roleOf(roles, "Gita Practitioner");
        assertThat(gp.get("organization").get("display").asString()).isEqualTo("Derby Central Medical Practice (demo)");
        assertJobRole(gp, "62247001", "General practitioner");
        assertThat(agentOfType(events.get(1), "ASSIGNED").get("who").get("reference").asString())
                .isEqualTo("PractitionerRole/" + gp.get("id").asString());
    }

    @Test
    void aSystemClientIsShownByItsClientName() {
        String nhs = planFor("CPP");
        assertThat(api.careTeams(nhs, Tokens.system("ae-system")).status()).isEqualTo(200);
        JsonNode role = resources(history(nhs, true), "PractitionerRole").get(0);
        assertThat(role.get("practitioner").get("display").asString()).isEqualTo("service-account-ae-system");
        assertJobRole(role, "223366009", "Healthcare professional");
    }

    // ---- Errors

    @Test
    void anInvalidNhsNumberIsInvalidSearchData() {
        String ae = Tokens.user("ae.clinician");
        for (String bad : List.of("9997176953", "99977091", "99977O9144")) {
            assertSpineError(api.careTeams(bad, ae), 400, "invalid", "INVALID_SEARCH_DATA");
            assertSpineError(api.get("/fhir/AuditEvent?patient:identifier=" + Api.NHS + "|" + bad, ae), 400, "invalid",
                    "INVALID_SEARCH_DATA");
        }
        assertSpineError(api.get("/fhir/Flag", ae), 400, "invalid", "INVALID_SEARCH_DATA");
        assertSpineError(api.get("/fhir/CareTeam?patient:identifier=" + Api.NHS + "|9997709144&_include=" + VIEWERS, ae), 400,
                "invalid", "INVALID_SEARCH_DATA");
        assertSpineError(api.get("/fhir/AuditEvent?patient:identifier=" + Api.NHS + "|9997709144&_include=AuditEvent:agent", ae),
                400, "invalid", "INVALID_SEARCH_DATA");
    }

    @Test
    void aMissingOrInvalidHeaderValueIsPreconditionFailed() {
        String ae = Tokens.user("ae.clinician");
        assertSpineError(api.careTeams("9997709144", ae, "IsUnscheduledAccessEvent", "maybe"), 400, "invalid", "PRECONDITION_FAILED");
        assertSpineError(api.careTeams("9997709144", ae, "TraceID", "x".repeat(201)), 400, "invalid", "PRECONDITION_FAILED");
    }

    @Test
    void aCallerWhoMayNotMakeTheRequestIsAccessDeniedWhetherOrNotTheChildHasAPlan() {
        String nhs = planFor("CPP");
        Api.Response known = api.careTeams(nhs, Tokens.user("police.derbyshire"));
        Api.Response unknown = api.careTeams(Plans.freshNhsNumber(), Tokens.user("police.derbyshire"));
        assertSpineError(known, 403, "forbidden", "ACCESS_DENIED");
        assertThat(withoutId(unknown.body())).as("the same refusal whether or not there is a plan").isEqualTo(withoutId(known.body()));
        assertSpineError(api.careTeams(nhs, Tokens.user("ae.clinician"), "IsUnscheduledAccessEvent", "false"), 403, "forbidden",
                "ACCESS_DENIED");
        assertSpineError(api.get("/fhir/AuditEvent?patient:identifier=" + Api.NHS + "|" + nhs, Tokens.user("gp.derby")), 403,
                "forbidden", "ACCESS_DENIED");
        Api.Response anonymous = api.careTeams(nhs, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("issue").get(0).get("details").get("coding").get(0).get("code").asString())
                .isEqualTo("ACCESS_DENIED");
    }

    // ---- The guide's own examples beside ours

    @Test
    void whatTheGuidesExampleBundlesHaveOursHaveWithTheSameSystemsAndCodes() {
        String nhs = Plans.freshNhsNumber();
        LocalDate start = LocalDate.now(CLOCK).minusYears(1);
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"),
                Plans.json(nhs, "la-derby", start, LocalDate.now(CLOCK).minusDays(3), LocalDate.of(2019, 5, 5))).status()).isEqualTo(201);
        String ae = Tokens.user("ae.clinician");

        assertConforms("cpis-careteam-bundle-01.json", careTeams(nhs, ae), Set.of());
        // the guide's PractitionerRole carries an SDS role profile id, which the guide marks optional and the realm lacks;
        // its job role is that viewer's (a midwifery sister), not the gateway's clinician's
        assertConforms("cpis-auditevent-bundle-01.json", history(nhs, true),
                Set.of("entry.resource(PractitionerRole).identifier", "entry.resource(PractitionerRole).code.coding.code="));
        assertConforms("cpis-empty-bundle-01.json", careTeams(Plans.freshNhsNumber(), ae), Set.of());
        assertConforms("cpis-opoutcome-01.json", api.careTeams(nhs, Tokens.user("police.derbyshire")).json(), Set.of());
    }

    /**
     * Every element path of the example (array positions aside) is in ours, and every system, code, use, mode, severity,
     * requestor and resource type the example gives at a path, ours gives there too; {@code excused} names what the
     * example has that ours need not (a path prefix, or a {@code path=} for a value).
     */
    private static void assertConforms(String example, JsonNode ours, Set<String> excused) {
        Shape theirs = Shape.of(readExample(example));
        Shape mine = Shape.of(ours);
        assertThat(without(theirs.paths(), excused)).as(example + ": element paths").isSubsetOf(mine.paths());
        assertThat(without(theirs.values(), excused)).as(example + ": systems and codes").isSubsetOf(mine.values());
    }

    private static Set<String> without(Set<String> items, Set<String> excused) {
        return items.stream().filter(item -> excused.stream().noneMatch(item::startsWith)).collect(Collectors.toCollection(TreeSet::new));
    }

    private record Shape(Set<String> paths, Set<String> values) {
        private static final Set<String> COMPARED = Set.of("system", "code", "use", "mode", "severity", "requestor", "resourceType",
                "relation");

        static Shape of(JsonNode root) {
            Shape shape = new Shape(new TreeSet<>(), new TreeSet<>());
            shape.walk(root, "");
            return shape;
        }

        private void walk(JsonNode node, String path) {
            if (node.isArray()) {
                node.forEach(item -> walk(item, path));
                return;
            }
            String here = node.has("resourceType") && !path.isEmpty() ? path + "(" + node.get("resourceType").asString() + ")" : path;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = here.isEmpty() ? field.getKey() : here + "." + field.getKey();
                JsonNode value = field.getValue();
                if (value.isObject() || value.isArray()) {
                    walk(value, child);
                } else {
                    paths.add(child);
                    if (COMPARED.contains(field.getKey())) {
                        values.add(child + "=" + value.asString());
                    }
                }
            }
        }
    }

    // ---- HAPI's generic client, and validation of every answer

    @Test
    void hapisGenericClientReadsEveryAnswerAndEachValidatesAgainstBaseR4() {
        String nhs = planFor("CPP");
        String mother = planFor("UCPP");
        IGenericClient client = FHIR.newRestfulGenericClient(api.base() + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(Tokens.user("safeguarding.nurse")));
        api.careTeams(nhs, Tokens.user("ae.clinician"));

        List<Bundle> bundles = new ArrayList<>();
        for (String number : List.of(nhs, mother)) {
            bundles.add(search(client, CareTeam.class, number));
            bundles.add(search(client, Flag.class, number));
        }
        Bundle history = client.search().forResource(AuditEvent.class)
                .where(new TokenClientParam("patient:identifier").exactly().systemAndCode(Api.NHS, nhs))
                .include(new Include(VIEWERS)).returnBundle(Bundle.class).execute();
        bundles.add(history);
        bundles.add(search(client, AuditEvent.class, nhs));

        CareTeam team = (CareTeam) bundles.get(0).getEntryFirstRep().getResource();
        assertThat(team.getName()).isEqualTo(DERBY);
        assertThat(team.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("342191000000101");
        // the A&E lookup, and this client's own two (notifying) searches of the child
        assertThat(history.getEntry()).filteredOn(e -> e.getResource() instanceof PractitionerRole)
                .allSatisfy(e -> assertThat(e.getSearch().getMode()).isEqualTo(Bundle.SearchEntryMode.INCLUDE))
                .extracting(e -> ((PractitionerRole) e.getResource()).getPractitioner().getDisplay())
                .containsExactlyInAnyOrder("Alex Emery", "Sam Guardian");
        for (Bundle bundle : bundles) {
            assertThat(bundle.getEntry()).isNotEmpty();
            R4Validation.assertValid(bundle);
            bundle.getEntry().forEach(entry -> R4Validation.assertValid(entry.getResource()));
        }
        // the errors too
        for (Api.Response error : List.of(api.careTeams("9997176953", Tokens.user("ae.clinician")),
                api.careTeams(nhs, Tokens.user("ae.clinician"), "IsUnscheduledAccessEvent", "maybe"),
                api.careTeams(nhs, Tokens.user("police.derbyshire")), api.careTeams(nhs, null))) {
            R4Validation.assertValid(FHIR.newJsonParser().parseResource(error.body()));
        }
    }

    private static Bundle search(IGenericClient client, Class<? extends IBaseResource> type, String nhs) {
        return client.search().forResource(type)
                .where(new TokenClientParam("patient:identifier").exactly().systemAndCode(Api.NHS, nhs))
                .returnBundle(Bundle.class).execute();
    }


    // ---- helpers

    /** A fresh child with a plan of this type at Derby (for UCPP the number is the pregnant woman's). */
    private String planFor(String type) {
        String nhs = Plans.freshNhsNumber();
        Api.Response put = api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(nhs, type, "la-derby"));
        assertThat(put.status()).as(put.toString()).isEqualTo(201);
        return nhs;
    }

    private JsonNode careTeams(String nhs, String token) {
        Api.Response response = api.careTeams(nhs, token);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private JsonNode careTeam(String nhs) {
        return careTeams(nhs, Tokens.user("ae.clinician")).get("entry").get(0).get("resource");
    }

    private JsonNode flag(String nhs) {
        return api.get("/fhir/Flag?patient:identifier=" + Api.NHS + "|" + nhs, Tokens.user("ae.clinician")).json()
                .get("entry").get(0).get("resource");
    }

    private JsonNode history(String nhs, boolean includeViewers) {
        Api.Response response = api.get("/fhir/AuditEvent?patient:identifier=" + Api.NHS + "|" + nhs
                + (includeViewers ? "&_include=" + VIEWERS : ""), Tokens.user("safeguarding.nurse"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static List<JsonNode> resources(JsonNode bundle, String type) {
        if (!bundle.has("entry")) {
            return List.of();
        }
        return StreamSupport.stream(bundle.get("entry").spliterator(), false).map(e -> e.get("resource"))
                .filter(r -> r.get("resourceType").asString().equals(type)).toList();
    }

    private static JsonNode agentOfType(JsonNode event, String roleClass) {
        return StreamSupport.stream(event.get("agent").spliterator(), false)
                .filter(agent -> agent.has("type") && StreamSupport.stream(agent.get("type").get("coding").spliterator(), false)
                        .anyMatch(c -> c.get("system").asString().equals(ROLE_CLASS) && c.get("code").asString().equals(roleClass)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + roleClass + " agent in " + event));
    }

    private static JsonNode roleOf(List<JsonNode> roles, String name) {
        return roles.stream().filter(r -> r.get("practitioner").get("display").asString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no PractitionerRole for " + name + " in " + roles));
    }

    private static void assertJobRole(JsonNode role, String code, String display) {
        JsonNode coding = role.get("code").get(0).get("coding").get(0);
        assertThat(coding.get("system").asString()).isEqualTo(SNOMED);
        assertThat(coding.get("code").asString()).isEqualTo(code);
        assertThat(coding.get("display").asString()).isEqualTo(display);
    }

    /** BALP's transaction entity: the caller's TraceID. */
    private static String traceOf(JsonNode event) {
        return StreamSupport.stream(event.get("entity").spliterator(), false)
                .filter(e -> e.get("type").get("code").asString().equals("XrequestId"))
                .map(e -> e.get("what").get("identifier").get("value").asString()).findFirst().orElse(null);
    }

    private static List<String> telecom(JsonNode points) {
        return StreamSupport.stream(points.spliterator(), false)
                .map(p -> p.get("system").asString() + "|" + p.get("use").asString() + "|" + p.get("value").asString()).toList();
    }

    /** Each OperationOutcome has an id of its own. */
    private static String withoutId(String body) {
        return body.replaceFirst("\"id\":\"[0-9a-f-]{36}\",", "");
    }

    private static void assertSpineError(Api.Response response, int status, String issueCode, String spineCode) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/fhir+json");
        JsonNode issue = response.json().get("issue").get(0);
        assertThat(response.json().get("resourceType").asString()).isEqualTo("OperationOutcome");
        assertThat(issue.get("severity").asString()).isEqualTo("error");
        assertThat(issue.get("code").asString()).as(response.toString()).isEqualTo(issueCode);
        JsonNode coding = issue.get("details").get("coding").get(0);
        assertThat(coding.get("system").asString()).isEqualTo(SPINE);
        assertThat(coding.get("code").asString()).as(response.toString()).isEqualTo(spineCode);
        assertThat(issue.get("diagnostics").asString()).as("a human diagnostics").isNotBlank();
    }

    private static JsonNode readExample(String name) {
        try (InputStream in = CpisConformanceIT.class.getResourceAsStream("/cpis/" + name)) {
            return JSON.readTree(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record RawResponse(int status, String body) {}

    /** A GET written by hand, so the request line carries exactly these characters. */
    private RawResponse rawGet(String target, String token) throws IOException {
        URI base = URI.create(api.base());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            return new RawResponse(status, response.substring(response.indexOf("\r\n\r\n") + 4));
        }
    }
}
