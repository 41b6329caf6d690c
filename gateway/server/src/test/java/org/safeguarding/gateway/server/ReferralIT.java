package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.referral.Referrals;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.OpenSsl;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Referrals from any partner to a local authority's front door, with real tokens, broker, database and CMS: the school's
 * referral reaches the authority (OpenSSL opens its copy), the decision's written feedback reaches the school and holds
 * nothing but the decision, the feedback and whom to contact; one referral per key; every bad field named and nothing
 * stored; the roles that may not refer or decide refused, another authority the same whether or not the referral exists;
 * overdue escalated once across a weekend and a bank holiday; the indicators on known data.
 */
class ReferralIT extends GatewayIntegrationTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final String AVA = "9997709144";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Referrals referrals;

    @Test
    void aSchoolsReferralReachesTheAuthorityAndTheDecisionsFeedbackReachesTheSchoolWithNothingElse() throws Exception {
        String key = "k-" + UUID.randomUUID();
        Api.Response received = refer("dsl.derby", key, body("standard", child(AVA, "Ava", "Ashdown", "2019-04-12", null),
                "neglect", "Arrives hungry most mornings; the school has seen this for three weeks."));
        assertThat(received.status()).as(received.toString()).isEqualTo(202);
        String id = received.json().get("id").asString();
        assertThat(received.json().get("status").asString()).isEqualTo("received");
        assertThat(received.json().get("localAuthority").asString()).isEqualTo("la-derby");
        assertThat(received.json().get("phoneNow").isNull()).as("no phone call asked for a standard referral").isTrue();
        ZonedDateTime due = ZonedDateTime.parse(received.json().get("decisionDue").asString()).withZoneSameInstant(LONDON);
        assertThat(due.toLocalTime().toString()).isEqualTo("23:59:59");

        Api.Response again = refer("dsl.derby", key, body("standard", child(AVA, "Ava", "Ashdown", "2019-04-12", null), "neglect", "again"));
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().get("id").asString()).as("the same key, the same referral").isEqualTo(id);

        // the authority's copy: the referral in full, with what the register knows
        JsonNode copy = await().atMost(Duration.ofSeconds(15)).until(() -> message("sw.derby", "referral", id), Optional::isPresent).get();
        assertThat(copy.get("summary").asString()).contains("Derby Demo Primary School").contains("Ava Ashdown").contains("neglect").contains("DER-CPP-0001");
        String laCopy = opened("la-derby", api.bytes("/api/v1/inbox/" + copy.get("id").asString() + "/content", Tokens.user("sw.derby")));
        assertThat(laCopy).contains("Arrives hungry most mornings").contains("DER-CPP-0001").contains("school-derby-primary");
        assertThat(messages("sw.derby", "referral", id)).as("routed once").hasSize(1);

        // what each side sees: the referrer nothing of the register
        JsonNode bySchool = api.get("/api/v1/referrals/" + id, Tokens.user("dsl.derby")).json();
        assertThat(bySchool.get("status").asString()).isEqualTo("received");
        assertThat(bySchool.get("planId").isNull()).isTrue();
        assertThat(bySchool.get("nhsNumber").isNull()).isTrue();
        JsonNode byLa = api.get("/api/v1/referrals/" + id, Tokens.user("sw.derby")).json();
        assertThat(byLa.get("planId").asString()).isEqualTo("DER-CPP-0001");
        assertThat(ids(api.get("/api/v1/referrals?status=received", Tokens.user("sw.derby")).json())).contains(id);
        assertThat(ids(api.get("/api/v1/referrals", Tokens.user("dsl.derby")).json())).contains(id);
        assertThat(ids(api.get("/api/v1/referrals", Tokens.user("sw.nottingham")).json())).doesNotContain(id);

        // who may decide: the receiving authority only, and another authority cannot tell whether it exists
        String decision = "{\"decision\":\"early-help\",\"feedback\":\"An early help assessment will start this week; the family has agreed.\"}";
        Api.Response otherLa = api.post("/api/v1/referrals/" + id + "/decision", Tokens.user("sw.nottingham"), decision);
        Api.Response noSuch = api.post("/api/v1/referrals/no-such-referral/decision", Tokens.user("sw.nottingham"), decision);
        assertThat(otherLa.status()).isEqualTo(403);
        assertThat(noSuch.status()).isEqualTo(403);
        assertThat(refusal(noSuch)).isEqualTo(refusal(otherLa));
        assertThat(api.post("/api/v1/referrals/" + id + "/decision", Tokens.user("dsl.derby"), decision).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/referrals/" + id, Tokens.user("gp.derby")).status()).as("another referrer").isEqualTo(403);
        assertThat(refusal(api.get("/api/v1/referrals/no-such-referral", Tokens.user("gp.derby"))))
                .isEqualTo(refusal(api.get("/api/v1/referrals/" + id, Tokens.user("gp.derby"))));
        Api.Response bad = api.post("/api/v1/referrals/" + id + "/decision", Tokens.user("sw.derby"), "{\"decision\":\"maybe\",\"feedback\":\"\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(fields(bad)).contains("decision", "feedback");

        Api.Response decided = api.post("/api/v1/referrals/" + id + "/decision", Tokens.user("sw.derby"), decision);
        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
        assertThat(decided.json().get("status").asString()).isEqualTo("decided");
        assertThat(api.post("/api/v1/referrals/" + id + "/decision", Tokens.user("sw.derby"), decision).status()).isEqualTo(409);

        // the school's written response: the decision, the feedback, whom to contact; nothing else
        JsonNode feedback = await().atMost(Duration.ofSeconds(10)).until(() -> message("dsl.derby", "referral-feedback", id), Optional::isPresent)
                .get();
        assertThat(feedback.get("summary").asString()).contains("early help");
        JsonNode content = JSON.readTree(opened("school-derby-primary",
                api.bytes("/api/v1/inbox/" + feedback.get("id").asString() + "/content", Tokens.user("dsl.derby"))));
        List<String> names = new ArrayList<>();
        content.propertyNames().forEach(names::add);
        assertThat(names).containsExactlyInAnyOrder("referral", "decision", "feedback", "decidedAt", "localAuthority", "contact");
        assertThat(content.get("decision").asString()).isEqualTo("early-help");
        assertThat(content.get("contact").get("phone").asString()).isEqualTo("01632 960001");
        assertThat(content.toString()).doesNotContain("DER-CPP-0001").doesNotContain("Arrives hungry").doesNotContain(AVA);
        JsonNode seen = api.get("/api/v1/referrals/" + id, Tokens.user("dsl.derby")).json();
        assertThat(seen.get("status").asString()).isEqualTo("decided");
        assertThat(seen.get("feedback").asString()).startsWith("An early help assessment");
    }

    @Test
    void immediateRiskIsUrgentAtTheFrontDoorAndTheReceiptSaysWhomToPhoneNow() {
        Api.Response received = refer("gp.derby", "k-" + UUID.randomUUID(), body("immediate-risk",
                child(null, "Noah", "Nobody", "2018-02-02", "DE22 1AB"), "physical-abuse", "Bruising seen today; the child says a parent did it."));
        assertThat(received.status()).as(received.toString()).isEqualTo(202);
        JsonNode phone = received.json().get("phoneNow");
        assertThat(phone.get("localAuthority").asString()).isEqualTo("la-derby");
        assertThat(phone.get("phone").asString()).isIn("01632 960001", "01632 960002");
        assertThat(phone.get("advice").asString()).contains("phone").contains(phone.get("phone").asString());
        String id = received.json().get("id").asString();
        JsonNode copy = await().atMost(Duration.ofSeconds(15)).until(() -> message("sw.derby", "referral", id), Optional::isPresent).get();
        assertThat(copy.get("summary").asString()).startsWith("URGENT, immediate risk");
    }

    @Test
    void eachBadFieldIsNamedAndNothingIsStored() {
        int before = ids(api.get("/api/v1/referrals", Tokens.user("hv.derby")).json()).size();
        String bad = """
                {"urgency":"whenever","children":[{"nhsNumber":"9997709145","givenName":"","familyName":"Ashdown","birthDate":"2019-13-40"}],
                 "concerns":[{"category":"gossip","detail":"x"}],"consent":"given","referrer":{"name":"HV","role":"health visitor","phone":"call me"},
                 "surprise":true}
                """;
        Api.Response response = refer("hv.derby", "k-" + UUID.randomUUID(), bad);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(fields(response)).contains("urgency", "children[0].givenName", "children[0].birthDate", "concerns[0].category",
                "referrer.phone", "surprise");
        assertThat(response.body()).contains("surprise");

        Api.Response checkDigit = refer("hv.derby", "k-" + UUID.randomUUID(),
                body("standard", child("9997709145", "Ava", "Ashdown", "2019-04-12", null), "neglect", "x"));
        assertThat(fields(checkDigit)).containsExactly("children[0].nhsNumber");
        Api.Response nowhere = refer("hv.derby", "k-" + UUID.randomUUID(),
                body("standard", child(null, "Zed", "Unknown", "2019-04-12", "QX9 9QX"), "neglect", "x"));  // an area no authority covers
        assertThat(nowhere.status()).isEqualTo(400);
        assertThat(nowhere.body()).contains("no local authority");
        Api.Response noKey = api.send(api.request("/api/v1/referrals", Tokens.user("hv.derby"), "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body("standard", child(AVA, "Ava", "Ashdown", "2019-04-12", null), "neglect", "x"))));
        assertThat(fields(noKey)).containsExactly("Idempotency-Key");
        assertThat(refer("hv.derby", "k-" + UUID.randomUUID(), "not json").status()).isEqualTo(400);
        assertThat(ids(api.get("/api/v1/referrals", Tokens.user("hv.derby")).json())).as("nothing stored").hasSize(before);
    }

    @Test
    void rolesThatMayNotReferAreRefusedWhateverTheySend() {
        String good = body("standard", child(AVA, "Ava", "Ashdown", "2019-04-12", null), "neglect", "x");
        for (String user : List.of("sw.derby", "ops", "auditor")) {
            assertThat(refer(user, "k-" + UUID.randomUUID(), good).status()).as(user).isEqualTo(403);
            assertThat(refer(user, "k-" + UUID.randomUUID(), "{}").status()).as(user + ", bad input: still refused").isEqualTo(403);
        }
        assertThat(api.send(api.request("/api/v1/referrals", null, "Content-Type", "application/json", "Idempotency-Key", "k")
                .POST(HttpRequest.BodyPublishers.ofString(good))).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/referrals", Tokens.user("ops")).status()).isEqualTo(403);
    }

    @Test
    void undecidedPastItsDueTimeAcrossAWeekendAndABankHolidayIsEscalatedOnce() {
        try {
            // Thursday 24 December: Christmas Day and the Monday bank holiday (28th) are not working days
            CLOCK.setNow(ZonedDateTime.of(2026, 12, 24, 10, 0, 0, 0, LONDON).toInstant());
            Api.Response received = refer("dsl.derby", "k-" + UUID.randomUUID(),
                    body("urgent", child(AVA, "Ava", "Ashdown", "2019-04-12", null), "emotional-abuse", "Withdrawn and tearful this week."));
            String id = received.json().get("id").asString();
            assertThat(ZonedDateTime.parse(received.json().get("decisionDue").asString()).withZoneSameInstant(LONDON))
                    .isEqualTo(ZonedDateTime.of(2026, 12, 29, 23, 59, 59, 0, LONDON));
            await().atMost(Duration.ofSeconds(15)).until(() -> message("sw.derby", "referral", id).isPresent());

            CLOCK.setNow(ZonedDateTime.of(2026, 12, 29, 16, 0, 0, 0, LONDON).toInstant());
            referrals.escalateOverdue();
            assertThat(status(id)).isEqualTo("received");
            assertThat(messages("sw.derby", "escalation", id)).isEmpty();

            CLOCK.setNow(ZonedDateTime.of(2026, 12, 30, 9, 0, 0, 0, LONDON).toInstant());
            assertThat(referrals.escalateOverdue()).isGreaterThanOrEqualTo(1);
            assertThat(status(id)).isEqualTo("overdue");
            assertThat(api.get("/api/v1/referrals/" + id, Tokens.user("dsl.derby")).json().get("status").asString())
                    .as("the referrer sees overdue, not silence").isEqualTo("overdue");
            referrals.escalateOverdue();
            CLOCK.advance(Duration.ofDays(2));
            referrals.escalateOverdue();
            assertThat(messages("sw.derby", "escalation", id)).as("escalated once").singleElement()
                    .satisfies(m -> assertThat(m.get("summary").asString()).startsWith("Overdue").contains("Ava Ashdown"));
        } finally {
            CLOCK.reset();
        }
    }

    @Test
    void theIndicatorsCountReferralsBySourceDecidedInTimeFeedbackAndReReferrals() {
        JsonNode before = api.get("/api/v1/indicators?la=la-nottingham", Tokens.user("sw.nottingham")).json().get("referrals");
        String child = child(Plans.freshNhsNumber(), "Lily", "Lane", "2017-06-01", "NG1 1AA");
        String first = refer("dsl.derby", "k-" + UUID.randomUUID(), body("standard", child, "neglect", "x")).json().get("id").asString();
        String second = refer("gp.derby", "k-" + UUID.randomUUID(), body("standard", child, "neglect", "again")).json().get("id").asString();
        refer("dsl.derby", "k-" + UUID.randomUUID(), body("standard", child(null, "Max", "Moor", "2016-01-01", "NG2 2BB"), "other", "x"));
        Api.Response decided = api.post("/api/v1/referrals/" + first + "/decision", Tokens.user("sw.nottingham"),
                "{\"decision\":\"information-and-advice\",\"feedback\":\"Advice given to the family.\"}");
        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);

        JsonNode after = api.get("/api/v1/indicators?la=la-nottingham", Tokens.user("sw.nottingham")).json().get("referrals");
        assertThat(after.get("received").asLong() - before.get("received").asLong()).isEqualTo(3);
        assertThat(after.get("reReferrals").asLong() - before.get("reReferrals").asLong()).as("Lily referred twice").isEqualTo(1);
        JsonNode week = after.get("perWeek").get(after.get("perWeek").size() - 1);
        JsonNode weekBefore = before.get("perWeek").get(before.get("perWeek").size() - 1);
        assertThat(week.get("bySource").get("school").asLong() - weekBefore.path("bySource").path("school").asLong(0)).isEqualTo(2);
        assertThat(week.get("bySource").get("gp-practice").asLong() - weekBefore.path("bySource").path("gp-practice").asLong(0)).isEqualTo(1);
        assertThat(after.get("due").asLong() - before.get("due").asLong()).as("only the decided one has fallen due").isEqualTo(1);
        assertThat(after.get("decidedInTimePercent").asDouble()).isPositive();
        assertThat(after.get("feedbackSentPercent").asDouble()).isPositive();
        assertThat(second).isNotEqualTo(first);
        assertThat(api.get("/api/v1/indicators?la=la-nottingham", Tokens.user("sw.derby")).status()).isEqualTo(403);
    }

    private Api.Response refer(String user, String key, String body) {
        return api.send(api.request("/api/v1/referrals", Tokens.user(user), "Content-Type", "application/json", "Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String child(String nhs, String given, String family, String birthDate, String postcode) {
        return "{" + (nhs == null ? "" : "\"nhsNumber\":\"" + nhs + "\",") + "\"givenName\":\"" + given + "\",\"familyName\":\"" + family
                + "\",\"birthDate\":\"" + birthDate + "\"" + (postcode == null ? "" : ",\"postcode\":\"" + postcode + "\"") + "}";
    }

    private static String body(String urgency, String child, String category, String detail) {
        return "{\"urgency\":\"" + urgency + "\",\"children\":[" + child + "],\"concerns\":[{\"category\":\"" + category + "\",\"detail\":\""
                + detail + "\"}],\"consent\":\"given\",\"referrer\":{\"name\":\"Sam Lead\",\"role\":\"designated safeguarding lead\","
                + "\"phone\":\"01632 960900\"}}";
    }

    private String status(String id) {
        return api.get("/api/v1/referrals/" + id, Tokens.user("sw.derby")).json().get("status").asString();
    }

    private Optional<JsonNode> message(String user, String type, String reference) {
        return messages(user, type, reference).stream().findFirst();
    }

    private List<JsonNode> messages(String user, String type, String reference) {
        JsonNode messages = api.get("/api/v1/inbox?type=" + type + "&size=200", Tokens.user(user)).json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false).filter(m -> reference.equals(m.get("reference").asString())).toList();
    }

    private static List<String> ids(JsonNode listing) {
        return StreamSupport.stream(listing.get("referrals").spliterator(), false).map(r -> r.get("id").asString()).toList();
    }

    /** A refusal as the caller reads it, less the request's own path. */
    private static String refusal(Api.Response response) {
        assertThat(response.status()).isEqualTo(403);
        JsonNode problem = response.json();
        return problem.get("status") + " " + problem.get("code") + " " + problem.get("detail");
    }

    private static List<String> fields(Api.Response response) {
        return StreamSupport.stream(response.json().get("errors").spliterator(), false).map(e -> e.get("field").asString()).toList();
    }

    private String opened(String org, byte[] envelope) throws Exception {
        Path agency = dataDirectory().resolve("agencies").resolve(org);
        Path work = Files.createDirectories(dataDirectory().resolve("openssl-referrals"));
        OpenSsl.Result opened = OpenSsl.decryptAndVerify(envelope, agency.resolve("cert.pem"), agency.resolve("key.pem"),
                dataDirectory().resolve("gateway-ca.pem"), work);
        assertThat(opened.exitCode()).as(opened.errors()).isZero();
        return new String(opened.output(), StandardCharsets.UTF_8);
    }
}
