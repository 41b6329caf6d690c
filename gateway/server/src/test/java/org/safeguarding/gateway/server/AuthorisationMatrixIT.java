package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.ConsoleBrowserTest;
import org.safeguarding.gateway.server.support.Documents;
import org.safeguarding.gateway.server.support.Incidents;
import org.safeguarding.gateway.server.support.Multipart;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The authorisation matrix: every endpoint of the API, FHIR and the console, asked by every demo role (and by nobody
 * signed in, and by a user with no role) about a resource of the caller's own organisation, of another, and one that does
 * not exist. The expected statuses are the table in README.md ("Who may do what"): that table is both the documentation
 * and this test's input, so the two cannot drift apart. Each cell is one real request with a real Keycloak token (API,
 * FHIR) or a real console session signed in on Keycloak's page, against the running gateway.
 *
 * <p>Where a cell changes something (a plan written, a decision recorded) its probe makes a fresh resource first, so every
 * cell asks the same question whatever ran before it.
 */
class AuthorisationMatrixIT extends ConsoleBrowserTest {

    static final Path README = Path.of(System.getProperty("readme", "../../README.md"));
    static final String BEGIN = "<!-- authorisation-matrix -->";
    static final String END = "<!-- /authorisation-matrix -->";

    /** The table's columns: who asks. {@code anonymous} has neither token nor session. */
    static final Map<String, String> ORGANISATION = new LinkedHashMap<>();

    static {
        ORGANISATION.put("anonymous", null);
        ORGANISATION.put("ae.clinician", "ae-royal-derby");
        ORGANISATION.put("safeguarding.nurse", "ae-royal-derby");
        ORGANISATION.put("gp.derby", "gp-derby-central");
        ORGANISATION.put("hv.derby", "hv-derby");
        ORGANISATION.put("police.derbyshire", "police-derbyshire");
        ORGANISATION.put("sw.derby", "la-derby");
        ORGANISATION.put("dsl.derby", "school-derby-primary");
        ORGANISATION.put("auditor", "ig-derby");
        ORGANISATION.put("ops", "gateway-ops");
        ORGANISATION.put("nobody", "ae-royal-derby");
    }

    private static final String NO_SUCH = "00000000-0000-4000-8000-000000000000";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** One row of the table: the endpoint, the resource it is asked about, and the status each caller should get. */
    record Row(String endpoint, String resource, Map<String, Integer> expected) {
        String key() {
            return endpoint + " | " + resource;
        }
    }

    /** A caller for one cell: the demo user's token, and its console session and form token once signed in. */
    record Who(String user, String organisation, String token, String cookie, String csrf) {}

    @FunctionalInterface
    interface Probe {
        int ask(Who who) throws Exception;
    }

    // --- what the probes ask about, made once per run -------------------------------------------------------------

    private record World(String derbyPlan, String derbyChild, String nottsPlan, String nottsChild, String derbyDocument,
            String nottsDocument, String derbyNotification, String otherForceNotification, String derbyReferral, String nottsReferral,
            Map<String, String> messageTo) {}

    private static World world;
    private static final Map<String, Who> WHO = new LinkedHashMap<>();

    private World world() throws Exception {
        if (world != null) {
            return world;
        }
        String derbyPlan = Plans.id();
        String derbyChild = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + derbyPlan, Tokens.user("sw.derby"), Plans.json(derbyChild, "CPP", "la-derby")).status())
                .isEqualTo(201);
        String nottsPlan = Plans.id();
        String nottsChild = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + nottsPlan, Tokens.user("sw.nottingham"), Plans.json(nottsChild, "CPP", "la-nottingham"))
                .status()).isEqualTo(201);
        String derbyDocument = Documents.minutesSent(api, derbyPlan, derbyChild, "ae-royal-derby", "gp-derby-central", "hv-derby",
                "police-derbyshire", "school-derby-primary");
        String nottsDocument = Documents.accepted(Documents.minutes(api, Tokens.user("sw.nottingham"), nottsPlan, nottsChild, "gp-derby-central"));
        String derbyNotification = Incidents.notifiedFor(api, derbyChild);
        Api.Response otherForce = Incidents.submitAs(api, Tokens.otherForce(), "MX-" + UUID.randomUUID(), derbyChild);
        assertThat(otherForce.status()).as(otherForce.toString()).isEqualTo(202);
        String otherForceNotification = otherForce.json().get("id").asString();
        String derbyReferral = referral("dsl.derby", derbyChild);
        String nottsReferral = referral("dsl.derby", nottsChild);
        // the police notification reaches la-derby; the document the others
        Map<String, String> messageTo = new LinkedHashMap<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            messageTo.put("la-derby", message("sw.derby", "dv-notification", null, derbyNotification));
            for (String user : List.of("ae.clinician", "gp.derby", "hv.derby", "police.derbyshire", "dsl.derby")) {
                messageTo.put(ORGANISATION.get(user), message(user, "document", null, derbyDocument));
            }
        });
        world = new World(derbyPlan, derbyChild, nottsPlan, nottsChild, derbyDocument, nottsDocument, derbyNotification,
                otherForceNotification, derbyReferral, nottsReferral, messageTo);
        return world;
    }

    private String message(String user, String type, String nhsNumber, String reference) {
        JsonNode messages = api.get("/api/v1/inbox?type=" + type + "&size=200", Tokens.user(user)).json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false)
                .filter(m -> nhsNumber == null || m.has("nhsNumber") && nhsNumber.equals(m.get("nhsNumber").asString()))
                .filter(m -> reference == null || reference.equals(m.get("reference").asString()))
                .map(m -> m.get("id").asString()).findFirst().orElseThrow(() -> new AssertionError("no " + type + " for " + user));
    }

    private String referral(String user, String child) {
        Api.Response accepted = api.send(api.request("/api/v1/referrals", Tokens.user(user), "Content-Type", "application/json",
                "Idempotency-Key", UUID.randomUUID().toString()).POST(HttpRequest.BodyPublishers.ofString(referralBody(child))));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().get("id").asString();
    }

    private static String referralBody(String child) {
        return """
                {"urgency":"standard","children":[{"nhsNumber":"%s","givenName":"Test","familyName":"Child","birthDate":"2021-04-01"}],
                 "concerns":[{"category":"neglect","detail":"Often hungry at school."}],"consent":"given",
                 "referrer":{"name":"Sam Lead","role":"designated safeguarding lead","phone":"01632 960900"}}
                """.formatted(child);
    }

    // --- the probes: one per row of the table ----------------------------------------------------------------------

    private Map<String, Probe> probes(World w) {
        Map<String, Probe> p = new LinkedHashMap<>();
        String careTeam = "/fhir/CareTeam?patient:identifier=" + Api.NHS + "|" + w.derbyChild();
        p.put("GET /fhir/metadata | the server's capabilities", who -> get(who, "/fhir/metadata"));
        p.put("GET /fhir/CareTeam | a child on la-derby's plan", who -> get(who, careTeam));
        p.put("GET /fhir/CareTeam | the same, silent (IsUnscheduledAccessEvent: false)",
                who -> get(who, careTeam, "IsUnscheduledAccessEvent", "false"));
        p.put("GET /fhir/Flag | a child on la-derby's plan", who -> get(who, "/fhir/Flag?patient:identifier=" + Api.NHS + "|" + w.derbyChild()));
        p.put("GET /fhir/AuditEvent | a child on la-derby's plan",
                who -> get(who, "/fhir/AuditEvent?patient:identifier=" + Api.NHS + "|" + w.derbyChild()));

        p.put("PUT /api/v1/plans/{planId} | a new plan of la-derby", who -> put(who, "/api/v1/plans/" + Plans.id(),
                Plans.json(Plans.freshNhsNumber(), "CPP", "la-derby")));
        p.put("PUT /api/v1/plans/{planId} | a new plan of la-nottingham", who -> put(who, "/api/v1/plans/" + Plans.id(),
                Plans.json(Plans.freshNhsNumber(), "CPP", "la-nottingham")));
        p.put("PUT /api/v1/plans/{planId} | la-nottingham's plan, sent as la-derby's", who -> put(who, "/api/v1/plans/" + w.nottsPlan(),
                Plans.json(w.nottsChild(), "CPP", "la-derby")));
        p.put("DELETE /api/v1/plans/{planId} | a plan of la-derby", who -> delete(who, "/api/v1/plans/" + derbyPlan()));
        p.put("DELETE /api/v1/plans/{planId} | a plan of la-nottingham", who -> delete(who, "/api/v1/plans/" + w.nottsPlan()));
        p.put("DELETE /api/v1/plans/{planId} | no such plan", who -> delete(who, "/api/v1/plans/NO-SUCH-PLAN"));
        p.put("POST /api/v1/plans/batch | a file of la-derby's plans", who -> send(who, "/api/v1/plans/batch", "text/csv",
                "planId,nhsNumber,type,startDate,endDate,localAuthority,givenName,familyName,birthDate\n" + Plans.id() + ","
                        + Plans.freshNhsNumber() + ",CPP,2026-01-05,,la-derby,Test,Child,2021-04-01\n"));
        p.put("POST /api/v1/plans/{planId}/transfer | la-nottingham's plan, into the caller's authority", who -> post(who,
                "/api/v1/plans/" + nottinghamPlan() + "/transfer", "{\"newPlanId\":\"" + Plans.id() + "\"}"));
        p.put("PUT /api/v1/sibling-groups/{groupId} | two plans of la-derby", who -> put(who, "/api/v1/sibling-groups/G-" + UUID.randomUUID(),
                "{\"planIds\":[\"" + derbyPlan() + "\",\"" + derbyPlan() + "\"]}"));
        p.put("PUT /api/v1/sibling-groups/{groupId} | a plan of la-derby and one of la-nottingham", who -> put(who,
                "/api/v1/sibling-groups/G-" + UUID.randomUUID(), "{\"planIds\":[\"" + derbyPlan() + "\",\"" + w.nottsPlan() + "\"]}"));

        p.put("POST /api/v1/dv-notifications | a notification of police-derbyshire",
                who -> Incidents.submitAs(api, who.token(), "DBY-" + UUID.randomUUID(), w.derbyChild()).status());
        p.put("GET /api/v1/dv-notifications/{id} | police-derbyshire's, routed to la-derby",
                who -> get(who, "/api/v1/dv-notifications/" + w.derbyNotification()));
        p.put("GET /api/v1/dv-notifications/{id} | another force's, routed to la-derby",
                who -> get(who, "/api/v1/dv-notifications/" + w.otherForceNotification()));
        p.put("GET /api/v1/dv-notifications/{id} | no such notification", who -> get(who, "/api/v1/dv-notifications/" + NO_SUCH));
        p.put("POST /api/v1/dv-notifications/{id}/outcome | one routed to la-derby", who -> post(who,
                "/api/v1/dv-notifications/" + routedNotification(w) + "/outcome", "{\"decision\":\"early-help\"}"));
        p.put("POST /api/v1/dv-notifications/{id}/outcome | no such notification", who -> post(who,
                "/api/v1/dv-notifications/" + NO_SUCH + "/outcome", "{\"decision\":\"early-help\"}"));

        p.put("POST /api/v1/documents | minutes of la-derby's plan",
                who -> Documents.minutes(api, who.token(), w.derbyPlan(), w.derbyChild(), "gp-derby-central").status());
        p.put("GET /api/v1/documents/{id} | la-derby's", who -> get(who, "/api/v1/documents/" + w.derbyDocument()));
        p.put("GET /api/v1/documents/{id} | la-nottingham's", who -> get(who, "/api/v1/documents/" + w.nottsDocument()));
        p.put("GET /api/v1/documents/{id} | no such document", who -> get(who, "/api/v1/documents/" + NO_SUCH));

        p.put("GET /api/v1/inbox | the caller's own", who -> get(who, "/api/v1/inbox"));
        p.put("GET /api/v1/inbox/{id}/content | a message to the caller's organisation",
                who -> get(who, "/api/v1/inbox/" + ownMessage(w, who) + "/content"));
        p.put("GET /api/v1/inbox/{id}/content | a message to another organisation",
                who -> get(who, "/api/v1/inbox/" + otherMessage(w, who) + "/content"));
        p.put("GET /api/v1/inbox/{id}/content | no such message", who -> get(who, "/api/v1/inbox/" + NO_SUCH + "/content"));
        p.put("POST /api/v1/inbox/{id}/acknowledge | a message to the caller's organisation",
                who -> post(who, "/api/v1/inbox/" + ownMessage(w, who) + "/acknowledge", ""));
        p.put("POST /api/v1/inbox/{id}/acknowledge | a message to another organisation",
                who -> post(who, "/api/v1/inbox/" + otherMessage(w, who) + "/acknowledge", ""));

        p.put("POST /api/v1/referrals | a child on la-derby's plan", who -> send(who, "/api/v1/referrals", "application/json",
                referralBody(w.derbyChild()), "Idempotency-Key", UUID.randomUUID().toString()));
        p.put("GET /api/v1/referrals/{id} | school-derby-primary's, to la-derby", who -> get(who, "/api/v1/referrals/" + w.derbyReferral()));
        p.put("GET /api/v1/referrals/{id} | school-derby-primary's, to la-nottingham", who -> get(who, "/api/v1/referrals/" + w.nottsReferral()));
        p.put("GET /api/v1/referrals/{id} | no such referral", who -> get(who, "/api/v1/referrals/" + NO_SUCH));
        p.put("GET /api/v1/referrals | the caller's own list", who -> get(who, "/api/v1/referrals"));
        p.put("POST /api/v1/referrals/{id}/decision | a referral to la-derby", who -> post(who,
                "/api/v1/referrals/" + referral("dsl.derby", w.derbyChild()) + "/decision",
                "{\"decision\":\"early-help\",\"feedback\":\"Early help offered.\"}"));
        p.put("POST /api/v1/referrals/{id}/decision | a referral to la-nottingham", who -> post(who,
                "/api/v1/referrals/" + w.nottsReferral() + "/decision", "{\"decision\":\"early-help\",\"feedback\":\"Early help offered.\"}"));

        p.put("GET /api/v1/audit | a child on la-derby's plan", who -> get(who, "/api/v1/audit?nhsNumber=" + w.derbyChild()));
        p.put("GET /api/v1/audit/verify | the whole trail", who -> get(who, "/api/v1/audit/verify"));
        p.put("GET /api/v1/audit/export | the whole trail", who -> get(who, "/api/v1/audit/export"));
        p.put("GET /api/v1/access-report | a child on la-derby's plan", who -> get(who, "/api/v1/access-report?nhsNumber=" + w.derbyChild()));
        p.put("GET /api/v1/access-report | a child on la-nottingham's plan",
                who -> get(who, "/api/v1/access-report?nhsNumber=" + w.nottsChild()));
        p.put("GET /api/v1/indicators | la-derby's", who -> get(who, "/api/v1/indicators?la=la-derby"));
        p.put("GET /api/v1/indicators | la-nottingham's", who -> get(who, "/api/v1/indicators?la=la-nottingham"));
        p.put("GET /api/v1/admin/deliveries | failed deliveries", who -> get(who, "/api/v1/admin/deliveries?status=failed"));
        p.put("POST /api/v1/admin/deliveries/{id}/retry | no such delivery", who -> post(who, "/api/v1/admin/deliveries/" + NO_SUCH + "/retry", ""));
        p.put("GET /api/v1/admin/dead-letters | every queue's", who -> get(who, "/api/v1/admin/dead-letters"));
        p.put("POST /api/v1/admin/dead-letters/{id}/retry | no such dead letter",
                who -> post(who, "/api/v1/admin/dead-letters/" + NO_SUCH + "/retry", ""));
        p.put("GET /api/v1/openapi.json | the API's description", who -> get(who, "/api/v1/openapi.json"));
        p.put("GET /actuator/health | the gateway's health", who -> get(who, "/actuator/health"));
        p.put("GET /actuator/prometheus | the gateway's metrics", who -> get(who, "/actuator/prometheus"));

        consolePages(p, w);
        return p;
    }

    /** The console: pages asked in the caller's session; forms posted with the session's form token. */
    private void consolePages(Map<String, Probe> p, World w) {
        p.put("GET / | the caller's home page", who -> page(who, "/"));
        p.put("GET /signed-out | the page after signing out", who -> page(who, "/signed-out"));
        p.put("GET /gateway-ca.pem | the gateway's CA certificate", who -> page(who, "/gateway-ca.pem"));
        p.put("GET /lookup | the check form", who -> page(who, "/lookup"));
        p.put("POST /lookup | a child on la-derby's plan", who -> form(who, "/lookup", "nhsNumber", w.derbyChild()));
        p.put("POST /lookup | the same, silent", who -> form(who, "/lookup", "nhsNumber", w.derbyChild(), "silent", "true"));
        p.put("POST /lookup/history | a child on la-derby's plan", who -> form(who, "/lookup/history", "nhsNumber", w.derbyChild()));

        p.put("GET /plans | la-derby's register", who -> page(who, "/plans?nhsNumber=" + w.derbyChild()));
        p.put("GET /plans/new | the form", who -> page(who, "/plans/new"));
        p.put("POST /plans | a new plan of the caller's authority", who -> form(who, "/plans", "planId", Plans.id(), "nhsNumber",
                Plans.freshNhsNumber(), "type", "CPP", "startDate", "2026-01-05", "givenName", "Test", "familyName", "Child", "birthDate",
                "2021-04-01"));
        p.put("GET /plans/{planId} | a plan of la-derby", who -> page(who, "/plans/" + w.derbyPlan()));
        p.put("GET /plans/{planId} | a plan of la-nottingham", who -> page(who, "/plans/" + w.nottsPlan()));
        p.put("GET /plans/{planId} | no such plan", who -> page(who, "/plans/NO-SUCH-PLAN"));
        p.put("POST /plans/{planId} | a plan of la-derby, changed", who -> {
            String plan = derbyPlan();
            return form(who, "/plans/" + plan, "planId", plan, "nhsNumber", Plans.freshNhsNumber(), "type", "CPP", "startDate", "2026-01-06",
                    "givenName", "Test", "familyName", "Child", "birthDate", "2021-04-01");
        });
        p.put("POST /plans/{planId} | a plan of la-nottingham, changed", who -> form(who, "/plans/" + w.nottsPlan(), "planId", w.nottsPlan(),
                "nhsNumber", w.nottsChild(), "type", "CPP", "startDate", "2026-01-06", "givenName", "Test", "familyName", "Child", "birthDate",
                "2021-04-01"));
        p.put("POST /plans/{planId}/end | a plan of la-derby", who -> form(who, "/plans/" + derbyPlan() + "/end", "endOn", "2026-02-01"));
        p.put("POST /plans/{planId}/end | a plan of la-nottingham", who -> form(who, "/plans/" + w.nottsPlan() + "/end", "endOn", "2026-02-01"));
        p.put("POST /plans/{planId}/siblings | two plans of la-derby",
                who -> form(who, "/plans/" + derbyPlan() + "/siblings", "siblingPlanId", derbyPlan()));
        p.put("POST /plans/transfer | la-nottingham's plan, into the caller's authority",
                who -> form(who, "/plans/transfer", "fromPlanId", nottinghamPlan(), "newPlanId", Plans.id()));
        p.put("GET /plans/batch | the upload form", who -> page(who, "/plans/batch"));
        p.put("POST /plans/batch | a file of la-derby's plans", who -> {
            Multipart body = new Multipart().file("file", "plans.csv", "text/csv", ("planId,nhsNumber,type,startDate,endDate,localAuthority,"
                    + "givenName,familyName,birthDate\n" + Plans.id() + "," + Plans.freshNhsNumber()
                    + ",CPP,2026-01-05,,la-derby,Test,Child,2021-04-01\n").getBytes(StandardCharsets.UTF_8));
            return console(who, "/plans/batch?_csrf=" + URLEncoder.encode(who.csrf() == null ? "" : who.csrf(), StandardCharsets.UTF_8),
                    body.contentType(), body.publisher());
        });
        p.put("GET /indicators | la-derby's", who -> page(who, "/indicators?la=la-derby"));

        p.put("GET /documents/new | the form", who -> page(who, "/documents/new"));
        p.put("GET /documents/recipients | la-derby's plan's core group", who -> page(who, "/documents/recipients?planId=" + w.derbyPlan()));
        p.put("POST /documents | an empty form", who -> form(who, "/documents"));
        p.put("GET /documents/{id} | la-derby's", who -> page(who, "/documents/" + w.derbyDocument()));
        p.put("GET /documents/{id} | la-nottingham's", who -> page(who, "/documents/" + w.nottsDocument()));
        p.put("GET /documents/{id}/copies | la-derby's", who -> page(who, "/documents/" + w.derbyDocument() + "/copies"));
        p.put("GET /documents/{id}/copies | la-nottingham's", who -> page(who, "/documents/" + w.nottsDocument() + "/copies"));

        p.put("GET /inbox | the caller's own", who -> page(who, "/inbox"));
        p.put("GET /inbox/{id} | a message to the caller's organisation", who -> page(who, "/inbox/" + ownMessage(w, who)));
        p.put("GET /inbox/{id} | a message to another organisation", who -> page(who, "/inbox/" + otherMessage(w, who)));
        p.put("GET /inbox/{id} | no such message", who -> page(who, "/inbox/" + NO_SUCH));
        p.put("GET /inbox/{id}/content | a message to the caller's organisation", who -> page(who, "/inbox/" + ownMessage(w, who) + "/content"));
        p.put("GET /inbox/{id}/content | a message to another organisation", who -> page(who, "/inbox/" + otherMessage(w, who) + "/content"));
        p.put("POST /inbox/{id}/acknowledge | a message to the caller's organisation",
                who -> form(who, "/inbox/" + ownMessage(w, who) + "/acknowledge"));
        p.put("POST /inbox/{id}/acknowledge | a message to another organisation",
                who -> form(who, "/inbox/" + otherMessage(w, who) + "/acknowledge"));

        p.put("GET /dv-notifications/new | the form", who -> page(who, "/dv-notifications/new"));
        p.put("POST /dv-notifications | an empty form", who -> form(who, "/dv-notifications"));
        p.put("GET /dv-notifications | the caller's force's", who -> page(who, "/dv-notifications"));
        p.put("GET /dv-notifications/{id} | police-derbyshire's, routed to la-derby",
                who -> page(who, "/dv-notifications/" + w.derbyNotification()));
        p.put("GET /dv-notifications/{id} | another force's, routed to la-derby",
                who -> page(who, "/dv-notifications/" + w.otherForceNotification()));
        p.put("POST /dv-notifications/{id}/outcome | one routed to la-derby",
                who -> form(who, "/dv-notifications/" + routedNotification(w) + "/outcome", "decision", "early-help"));

        p.put("GET /referrals/new | the form", who -> page(who, "/referrals/new"));
        p.put("POST /referrals/new | an empty form", who -> form(who, "/referrals/new"));
        p.put("GET /referrals | the caller's own list", who -> page(who, "/referrals"));
        p.put("GET /referrals/{id} | school-derby-primary's, to la-derby", who -> page(who, "/referrals/" + w.derbyReferral()));
        p.put("GET /referrals/{id} | school-derby-primary's, to la-nottingham", who -> page(who, "/referrals/" + w.nottsReferral()));
        p.put("POST /referrals/{id}/decision | a referral to la-derby", who -> form(who,
                "/referrals/" + referral("dsl.derby", w.derbyChild()) + "/decision", "decision", "early-help", "feedback", "Early help offered."));

        p.put("GET /audit | the auditor's page", who -> page(who, "/audit"));
        p.put("POST /audit/access-report | a child on la-derby's plan", who -> form(who, "/audit/access-report", "nhsNumber", w.derbyChild()));
        p.put("POST /audit/verify | the whole trail", who -> form(who, "/audit/verify"));
        p.put("GET /audit/export | the whole trail", who -> page(who, "/audit/export"));

        p.put("GET /admin/deliveries | failed deliveries", who -> page(who, "/admin/deliveries?status=failed"));
        p.put("POST /admin/deliveries/{id}/retry | no such delivery", who -> form(who, "/admin/deliveries/" + NO_SUCH + "/retry"));
        p.put("GET /admin/dead-letters | every queue's", who -> page(who, "/admin/dead-letters"));
        p.put("POST /admin/dead-letters/{id}/retry | no such dead letter", who -> form(who, "/admin/dead-letters/" + NO_SUCH + "/retry"));
        p.put("GET /admin/agencies | the agencies directory", who -> page(who, "/admin/agencies"));
        // Keycloak's back-channel logout: open to anyone, acted on only for a logout token signed by the realm; a caller's own
        // access token is not one (the sessions asked about in later rows live on)
        p.put("POST /logout/connect/back-channel/keycloak | the caller's access token as a logout token", who -> console(who,
                "/logout/connect/back-channel/keycloak", "application/x-www-form-urlencoded",
                HttpRequest.BodyPublishers.ofString("logout_token=" + (who.token() == null ? "" : who.token()))));
    }

    /** A fresh notification of police-derbyshire, once routed to la-derby (an outcome needs the authority to have it). */
    private String routedNotification(World w) {
        String id = Incidents.notifiedFor(api, w.derbyChild());
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/dv-notifications/" + id, Tokens.user("sw.derby")).status() == 200);
        return id;
    }

    /** A fresh la-derby plan: for probes that change or end the plan they are given. */
    private String derbyPlan() {
        String plan = Plans.id();
        assertThat(api.put("/api/v1/plans/" + plan, Tokens.user("sw.derby"), Plans.json(Plans.freshNhsNumber(), "CPP", "la-derby")).status())
                .isEqualTo(201);
        return plan;
    }

    /** A fresh la-nottingham plan: for probes that transfer the plan they are given. */
    private String nottinghamPlan() {
        String plan = Plans.id();
        assertThat(api.put("/api/v1/plans/" + plan, Tokens.user("sw.nottingham"), Plans.json(Plans.freshNhsNumber(), "CPP", "la-nottingham"))
                .status()).isEqualTo(201);
        return plan;
    }

    /**
     * A message to the caller's organisation; an organisation that receives nothing (information governance, operations)
     * and nobody signed in are asked about la-derby's.
     */
    private static String ownMessage(World w, Who who) {
        return w.messageTo().getOrDefault(who.organisation() == null ? "la-derby" : who.organisation(), w.messageTo().get("la-derby"));
    }

    /** A message to another organisation: la-derby's, or the GP practice's when the caller is la-derby. */
    private static String otherMessage(World w, Who who) {
        return w.messageTo().get("la-derby".equals(who.organisation()) ? "gp-derby-central" : "la-derby");
    }

    // --- asking ----------------------------------------------------------------------------------------------------

    private int get(Who who, String path, String... headers) {
        return api.send(api.request(path, who.token(), headers).GET()).status();
    }

    private int put(Who who, String path, String json) {
        return api.send(api.request(path, who.token(), "Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json))).status();
    }

    private int post(Who who, String path, String json) {
        return send(who, path, "application/json", json);
    }

    private int send(Who who, String path, String contentType, String body, String... headers) {
        List<String> all = new ArrayList<>(List.of("Content-Type", contentType));
        all.addAll(List.of(headers));
        return api.send(api.request(path, who.token(), all.toArray(String[]::new)).POST(HttpRequest.BodyPublishers.ofString(body))).status();
    }

    private int delete(Who who, String path) {
        return api.send(api.request(path, who.token()).DELETE()).status();
    }

    private int page(Who who, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path));
        if (who.cookie() != null) {
            request.header("Cookie", who.cookie());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int form(Who who, String path, String... fields) throws Exception {
        StringBuilder form = new StringBuilder("_csrf=").append(URLEncoder.encode(who.csrf() == null ? "" : who.csrf(), StandardCharsets.UTF_8));
        for (int i = 0; i + 1 < fields.length; i += 2) {
            form.append('&').append(fields[i]).append('=').append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return console(who, path, "application/x-www-form-urlencoded", HttpRequest.BodyPublishers.ofString(form.toString()));
    }

    private int console(Who who, String path, String contentType, HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path)).header("Content-Type", contentType).POST(body);
        if (who.cookie() != null) {
            request.header("Cookie", who.cookie());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Each demo user signed in once: a token, and a console session signed in on Keycloak's page with its form token. */
    private Who who(String user) throws Exception {
        Who known = WHO.get(user);
        if (known != null) {
            return known;
        }
        Who who;
        if (user.equals("anonymous")) {
            who = new Who(user, null, null, null, null);
        } else {
            browser.signIn(api.base() + "/", user);
            String cookie = browser.sessionCookie();
            // the form token from the home page, or from the page it sends the person to (A&E: the check)
            HttpResponse<String> home = get("/", cookie);
            if (home.statusCode() == 302) {
                home = get(URI.create(home.headers().firstValue("Location").orElseThrow()).getPath(), cookie);
            }
            Matcher token = CSRF.matcher(home.body());
            who = new Who(user, ORGANISATION.get(user), Tokens.user(user), cookie, token.find() ? token.group(1) : null);
        }
        WHO.put(user, who);
        return who;
    }

    // --- the table -------------------------------------------------------------------------------------------------

    static List<Row> table() throws Exception {
        String readme = Files.readString(README);
        int from = readme.indexOf(BEGIN);
        int to = readme.indexOf(END);
        assertThat(from).as("README.md has the matrix between " + BEGIN + " and " + END).isNotNegative();
        List<String> lines = readme.substring(from + BEGIN.length(), to).lines().map(String::strip).filter(l -> l.startsWith("|")).toList();
        List<String> header = cells(lines.get(0));
        assertThat(header.subList(2, header.size())).as("the table's callers, in order").containsExactlyElementsOf(ORGANISATION.keySet());
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            List<String> cells = cells(line);
            Map<String, Integer> expected = new LinkedHashMap<>();
            for (int i = 2; i < cells.size(); i++) {
                expected.put(header.get(i), Integer.parseInt(cells.get(i)));
            }
            rows.add(new Row(cells.get(0), cells.get(1), expected));
        }
        return rows;
    }

    private static List<String> cells(String line) {
        String inner = line.substring(1, line.lastIndexOf('|'));
        return Stream.of(inner.split("\\|")).map(c -> c.strip().replace("`", "").replace("**", "")).toList();
    }

    @TestFactory
    Stream<DynamicTest> everyCellOfTheMatrix() throws Exception {
        List<Row> rows = table();
        Map<String, Probe> probes = probes(world());
        for (String user : ORGANISATION.keySet()) {
            who(user);
        }
        assertThat(rows.stream().map(Row::key).toList()).as("a row for every probe, a probe for every row, in one order")
                .containsExactlyElementsOf(probes.keySet());
        System.out.println("authorisation matrix: " + rows.size() + " rows, " + rows.size() * ORGANISATION.size() + " cells");
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.key(), () -> {
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (String user : ORGANISATION.keySet()) {
                seen.put(user, probes.get(row.key()).ask(who(user)));
            }
            assertThat(seen).as("| `" + row.endpoint() + "` | " + row.resource() + " | "
                    + String.join(" | ", seen.values().stream().map(String::valueOf).toList()) + " |").isEqualTo(row.expected());
        }));
    }

    /** Every operation the gateway answers is somewhere in the table: the API's and the console's controllers, and FHIR's searches. */
    @Test
    void theMatrixCoversEveryEndpoint() throws Exception {
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (!method.getBeanType().getPackageName().startsWith("org.safeguarding")) {
                return;
            }
            for (String path : info.getPatternValues()) {
                for (RequestMethod verb : info.getMethodsCondition().getMethods()) {
                    mapped.add(verb.name().toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        });
        mapped.addAll(List.of("GET /fhir/metadata", "GET /fhir/CareTeam", "GET /fhir/Flag", "GET /fhir/AuditEvent"));
        Set<String> inTable = new TreeSet<>(table().stream().map(Row::endpoint).toList());
        assertThat(mapped).as("the gateway's own operations").hasSizeGreaterThan(60);
        assertThat(inTable).containsAll(mapped);
    }
}
