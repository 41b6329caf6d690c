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
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.server.support.ConsoleBrowserTest;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Social care's register pages through a real browser and Keycloak's real sign-in page: a plan added, found, ended,
 * linked to a sibling's and transferred; a file of plans uploaded; the indicators charted. Each change must be what the
 * API's own call does (the lookups see it) and every refusal the API's (403, recorded, another authority's plan as a
 * missing one).
 */
class ConsoleSocialCareIT extends ConsoleBrowserTest {

    private static final String AVA_PLAN = "DER-CPP-0001";
    private static final String AVA = "9997709144";

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSocialWorkerAddsAPlanFindsItLinksASiblingEndsItAndAnotherAuthorityTakesTheSiblingIn() {
        String nhs = Plans.freshNhsNumber();
        String planId = "CSC-" + unique();
        LocalDate today = LocalDate.now();

        browser.signIn(api.base() + "/", "sw.derby");
        browser.find("a[href='/plans']").click();
        browser.await("#search");
        accessible("plans-search");
        browser.find("#new-plan").click();
        browser.await("#planId").sendKeys(planId);
        browser.find("#nhsNumber").sendKeys(spaced(nhs));
        browser.find("label[for='type']").click();
        browser.find("#startDate").sendKeys(today.minusDays(30).toString());
        browser.find("#givenName").sendKeys("Isla");
        browser.find("#familyName").sendKeys("Console");
        browser.find("#birthDate").sendKeys("2020-02-02");
        browser.find("#contactName").sendKeys("Duty team (synthetic)");
        browser.find("#contactPhone").sendKeys("01632 960123");
        browser.find("label[for='coreGroup-gp-derby-central']").click();
        accessible("plan-new");
        browser.find("#add-plan").click();

        assertThat(browser.await("#done").getText()).contains("on the register");
        assertThat(browser.text("h1")).isEqualTo("Isla Console");
        assertThat(browser.text("#plan-summary")).contains(spaced(nhs), "Active", "01632 960123", "Derby Central Medical Practice");
        accessible("plan");
        assertThat(team(nhs).get("status").asString()).as("a lookup sees the plan at once").isEqualTo("active");

        // found by the child's number, typed spaced or not
        browser.driver().get(api.base() + "/plans");
        browser.await("#nhsNumber").sendKeys(nhs);
        browser.find("#search").click();
        WebElement row = browser.await("#found tbody tr");
        assertThat(row.getText()).contains(planId, "Isla Console", spaced(nhs), "Child protection plan", "Active");
        accessible("plans-found");
        row.findElement(By.linkText(planId)).click();
        browser.await("#siblingPlanId");

        // a sibling: another of Derby's plans
        String sibling = Plans.freshNhsNumber();
        String siblingPlan = "CSC-" + unique();
        assertThat(api.put("/api/v1/plans/" + siblingPlan, Tokens.user("sw.derby"), Plans.json(sibling, "CPP", "la-derby")).status())
                .isEqualTo(201);
        browser.find("#siblingPlanId").sendKeys(siblingPlan);
        browser.find("#link-sibling").click();
        assertThat(browser.await("#siblings").getText()).contains(siblingPlan, sibling);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM plan_sibling a JOIN plan_sibling b ON a.group_id = b.group_id"
                + " WHERE a.plan_id = ? AND b.plan_id = ?").params(planId, siblingPlan).query(Long.class).single()).isEqualTo(1);

        // ended yesterday: lookups show it, inactive
        WebElement endOn = browser.find("#endOn");
        assertThat(endOn.getAttribute("value")).as("today by default").isEqualTo(today.toString());
        endOn.clear();
        endOn.sendKeys(today.minusDays(1).toString());
        browser.find("#end-plan").click();
        assertThat(browser.await("#done").getText()).contains("end date is recorded");
        assertThat(browser.text("#plan-status")).isEqualTo("Ended");
        assertThat(team(nhs).get("status").asString()).isEqualTo("inactive");
        assertThat(audit.latest(30)).as("the end went through the API's own decision").anySatisfy(r -> {
            assertThat(r.entry().action()).isEqualTo("plan-write");
            assertThat(r.entry().resource()).isEqualTo("plan/" + planId);
            assertThat(r.entry().orgId()).isEqualTo("la-derby");
            assertThat(r.entry().outcome()).isEqualTo("allowed");
        });

        // Nottingham takes the sibling's plan in after the transfer conference
        String nottinghamPlan = "NOT-" + unique();
        browser.signIn(api.base() + "/plans", "sw.nottingham");
        browser.await("#fromPlanId").sendKeys(siblingPlan);
        browser.find("#newPlanId").sendKeys(nottinghamPlan);
        browser.find("#transferContactPhone").sendKeys("0115 496 0000");
        browser.find("#transfer-in").click();
        assertThat(browser.await("#done").getText()).contains("transferred to your authority");
        assertThat(browser.driver().getCurrentUrl()).contains("/plans/" + nottinghamPlan);
        List<JsonNode> teams = teams(sibling);
        assertThat(teams).hasSize(2);
        assertThat(teams.get(0).get("status").asString()).isEqualTo("active");
        assertThat(teams.get(0).get("contained").get(0).get("identifier").get(0).get("value").asString()).isEqualTo("la-nottingham");
        assertThat(teams.get(1).get("status").asString()).as("Derby's plan ended the day before").isEqualTo("inactive");
    }

    @Test
    void badInputIsNamedInTheErrorSummaryAndNothingIsStored() throws Exception {
        String planId = "CSC-" + unique();
        String nhs = Plans.freshNhsNumber();
        String wrongCheckDigit = nhs.substring(0, 9) + (char) ('0' + (nhs.charAt(9) - '0' + 1) % 10);

        browser.signIn(api.base() + "/plans/new", "sw.derby");
        browser.await("#planId").sendKeys(planId);
        browser.find("#nhsNumber").sendKeys(wrongCheckDigit);
        browser.find("label[for='type']").click();
        browser.find("#startDate").sendKeys("2026-13-45");
        browser.find("#givenName").sendKeys("Nobody");
        browser.find("#familyName").sendKeys("Stored");
        browser.find("#birthDate").sendKeys("2020-02-02");
        browser.find("#add-plan").click();

        String summary = browser.await(".govuk-error-summary").getText();
        assertThat(summary).contains("There is a problem", "NHS number", "check digit", "Start date", "yyyy-MM-dd");
        assertThat(browser.find(".govuk-error-summary a[href='#startDate']").isDisplayed()).isTrue();
        assertThat(browser.find("#startDate").getAttribute("aria-describedby")).contains("startDate-error");
        assertThat(browser.find("#planId").getAttribute("value")).as("what was typed is given back").isEqualTo(planId);
        accessible("plan-new-errors");
        assertThat(stored(planId)).isZero();

        // the answer is a 400, as the API's
        String cookie = browser.sessionCookie();
        HttpResponse<String> answer = postForm("/plans", cookie, Map.of("planId", planId, "nhsNumber", wrongCheckDigit, "type", "CPP",
                "startDate", "2026-13-45", "givenName", "Nobody", "familyName", "Stored", "birthDate", "2020-02-02"));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("There is a problem", "href=\"#nhsNumber\"", "href=\"#startDate\"");
        assertThat(stored(planId)).isZero();
        assertThat(api.careTeams(nhs, Tokens.system("ae-system")).json().get("total").asInt()).isZero();

        // a plan id of the authority's already: refused, not overwritten
        HttpResponse<String> again = postForm("/plans", cookie, Map.of("planId", AVA_PLAN, "nhsNumber", nhs, "type", "CPP",
                "startDate", "2026-01-05", "givenName", "Not", "familyName", "Ava", "birthDate", "2020-02-02"));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("already one of your plans");
        assertThat(jdbc.sql("SELECT given_name FROM cp_plan WHERE plan_id = ?").param(AVA_PLAN).query(String.class).single())
                .isEqualTo("Ava");
    }

    @Test
    void aFileOfPlansShowsEachRejectedLineWithItsCodeAndTheGoodOnesAreOnTheRegister() throws Exception {
        String run = unique();
        String good1 = Plans.freshNhsNumber();
        String good2 = Plans.freshNhsNumber();
        String bad = Plans.freshNhsNumber();
        String csv = "planId,nhsNumber,type,startDate,endDate,localAuthority,givenName,familyName,birthDate\n"
                + "BG1-" + run + "," + good1 + ",CPP,2026-02-01,,la-derby,Ada,Batch,2019-01-01\n"
                + "BB1-" + run + "," + bad.substring(0, 9) + (char) ('0' + (bad.charAt(9) - '0' + 1) % 10) + ",CPP,2026-02-01,,la-derby,Bea,Batch,2019-01-01\n"
                + "BG2-" + run + "," + good2 + ",LAC,2026-02-01,,la-derby,Cy,Batch,2018-01-01\n"
                + "BB2-" + run + "," + Plans.freshNhsNumber() + ",CPP,01/02/2026,,la-derby,Di,Batch,2019-01-01\n"
                + "BB3-" + run + "," + Plans.freshNhsNumber() + ",CPP,2026-02-01,,la-nottingham,Ed,Batch,2019-01-01\n";
        Path file = Files.writeString(Files.createTempFile("plans", ".csv"), csv);

        browser.signIn(api.base() + "/", "sw.derby");
        browser.find("a[href='/plans/batch']").click();
        browser.await("#file").sendKeys(file.toAbsolutePath().toString());
        accessible("plans-batch");
        browser.find("#upload").click();

        assertThat(browser.await("#file-status").getText()).isEqualTo("Partially accepted");
        assertThat(browser.text("#file-summary")).contains("partially-accepted", "2 (2 new, 0 changed, 0 unchanged)");
        assertThat(browser.text("#rejected-count")).isEqualTo("3");
        assertThat(browser.text("#line-3")).contains("BB1-" + run, "rejected", "INVALID_NHS_NUMBER");
        assertThat(browser.text("#line-5")).contains("BB2-" + run, "rejected", "BAD_DATE", "startDate");
        assertThat(browser.text("#line-6")).contains("BB3-" + run, "rejected", "OTHER_LA");
        assertThat(browser.driver().findElements(By.cssSelector("#rejected-lines tbody tr"))).hasSize(3);
        accessible("plans-batch-outcome");

        assertThat(team(good1).get("status").asString()).isEqualTo("active");
        assertThat(team(good2).get("status").asString()).isEqualTo("active");
        assertThat(stored("BB1-" + run) + stored("BB2-" + run) + stored("BB3-" + run)).isZero();
        assertThat(audit.latest(20)).as("the file's summary, as the API's upload records it").anySatisfy(r -> {
            assertThat(r.entry().action()).isEqualTo("plan-batch");
            assertThat(r.entry().orgId()).isEqualTo("la-derby");
            assertThat(r.entry().outcome()).isEqualTo("partially-accepted");
        });

        // a file that is not a file of plans: refused as a whole, said in the error summary
        Path notPlans = Files.writeString(Files.createTempFile("not-plans", ".csv"), "name,date\nA,2026-01-01\n");
        browser.find("#file").sendKeys(notPlans.toAbsolutePath().toString());
        browser.find("#upload").click();
        assertThat(browser.await(".govuk-error-summary").getText()).contains("The file was not read", "first line must be exactly");
    }

    @Test
    void theIndicatorsAreChartedWithTheirFiguresForSocialCareAndTheAuditor() {
        assertThat(api.careTeams(AVA, Tokens.system("ae-system")).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> StreamSupport.stream(api.get("/api/v1/indicators?la=la-derby",
                Tokens.user("sw.derby")).json().get("accessNotificationsPerWeek").spliterator(), false)
                .anyMatch(w -> w.get("accessNotifications").asLong() > 0));

        browser.signIn(api.base() + "/", "sw.derby");
        browser.find("a[href='/indicators']").click();
        assertThat(browser.await("h1").getText()).contains("Derby City Council");
        assertThat(Long.parseLong(browser.text("#active-plans").replace(",", ""))).isPositive();
        assertThat(browser.driver().findElements(By.cssSelector("#chart-weeks svg rect"))).hasSizeGreaterThanOrEqualTo(8);
        assertThat(browser.driver().findElements(By.cssSelector("#chart-weeks svg rect")).stream()
                .anyMatch(r -> Integer.parseInt(r.getAttribute("width")) > 0)).as("a bar drawn").isTrue();
        assertThat(browser.find("#chart-weeks svg").getAttribute("aria-label")).contains("the table that follows");
        List<Long> weekly = browser.driver().findElements(By.cssSelector("#chart-weeks table tbody td")).stream()
                .map(td -> Long.parseLong(td.getText())).toList();
        assertThat(weekly).anyMatch(n -> n > 0);
        accessible("indicators");

        browser.signIn(api.base() + "/indicators?la=la-derby", "auditor");
        assertThat(browser.await("h1").getText()).contains("Derby City Council");
        assertThat(browser.driver().findElements(By.cssSelector("#chart-weeks table tbody tr"))).hasSizeGreaterThanOrEqualTo(8);
        accessible("indicators-auditor");
        assertThat(audit.latest(20)).anySatisfy(r -> {
            assertThat(r.entry().action()).isEqualTo("indicators-read");
            assertThat(r.entry().roles()).contains("auditor");
            assertThat(r.entry().outcome()).isEqualTo("allowed");
        });

        // social care sees its own authority's only
        browser.signIn(api.base() + "/indicators?la=la-derby", "sw.nottingham");
        assertThat(browser.text("h1")).isEqualTo("This is not available to you");
    }

    @Test
    void anotherAuthoritysPlanIsRefusedAsAMissingOneOtherRolesAreRefusedAndAFormWithoutItsTokenIsRefused() throws Exception {
        browser.signIn(api.base() + "/", "sw.nottingham");
        String nottingham = browser.sessionCookie();
        String missing = "NO-SUCH-" + unique();
        HttpResponse<String> theirs = get("/plans/" + AVA_PLAN, nottingham);
        HttpResponse<String> none = get("/plans/" + missing, nottingham);
        assertThat(theirs.statusCode()).isEqualTo(none.statusCode()).isEqualTo(403);
        // the sign-out form's CSRF token is masked afresh on every page: everything else must be the same
        assertThat(withoutToken(theirs.body())).isEqualTo(withoutToken(none.body())).contains("This is not available to you")
                .doesNotContain("Ava");
        assertThat(audit.latest(20)).as("the attempt on Derby's plan is recorded").anySatisfy(r -> {
            assertThat(r.entry().resource()).isEqualTo("plan/" + AVA_PLAN);
            assertThat(r.entry().orgId()).isEqualTo("la-nottingham");
            assertThat(r.entry().outcome()).isEqualTo("denied");
        });
        HttpResponse<String> searched = get("/plans?nhsNumber=" + AVA, nottingham);
        assertThat(searched.statusCode()).isEqualTo(200);
        assertThat(searched.body()).as("Derby's plans are not Nottingham's to find").contains("No plan of your")
                .doesNotContain("/plans/" + AVA_PLAN, "Ashdown", "999 770 9144");

        browser.signIn(api.base() + "/", "police.derbyshire");
        String police = browser.sessionCookie();
        for (String path : List.of("/plans", "/plans/new", "/plans/batch", "/plans/" + AVA_PLAN, "/indicators")) {
            assertThat(get(path, police).statusCode()).as(path).isEqualTo(403);
        }
        browser.driver().get(api.base() + "/plans");
        assertThat(browser.text("h1")).isEqualTo("This is not available to you");
        assertThat(audit.latest(20)).anySatisfy(r -> {
            assertThat(r.entry().action()).isEqualTo("plan-write");
            assertThat(r.entry().orgId()).isEqualTo("police-derbyshire");
            assertThat(r.entry().outcome()).isEqualTo("denied");
        });

        browser.signIn(api.base() + "/", "sw.derby");
        String planId = "CSC-" + unique();
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create(api.base() + "/plans"))
                .header("Cookie", browser.sessionCookie()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("planId", planId, "nhsNumber", Plans.freshNhsNumber(), "type", "CPP",
                        "startDate", "2026-01-05", "givenName", "No", "familyName", "Token", "birthDate", "2020-02-02")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(stored(planId)).isZero();
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String spaced(String nhs) {
        return nhs.substring(0, 3) + " " + nhs.substring(3, 6) + " " + nhs.substring(6);
    }

    private long stored(String planId) {
        return jdbc.sql("SELECT COUNT(*) FROM cp_plan WHERE plan_id = ?").param(planId).query(Long.class).single();
    }

    /** The child's care teams as a system lookup sees them, newest first. */
    private List<JsonNode> teams(String nhs) {
        return StreamSupport.stream(api.careTeams(nhs, Tokens.system("ae-system")).json().path("entry").spliterator(), false)
                .map(e -> e.get("resource")).toList();
    }

    private JsonNode team(String nhs) {
        List<JsonNode> teams = teams(nhs);
        assertThat(teams).as("care teams of " + nhs).isNotEmpty();
        return teams.get(0);
    }


    /** A form posted as the browser would, with the CSRF token of the session's form page. */
    private HttpResponse<String> postForm(String path, String cookie, Map<String, String> fields) throws Exception {
        return postForm(path, cookie, form(fields) + "&_csrf=" + URLEncoder.encode(csrfToken("/plans/new", cookie), StandardCharsets.UTF_8));
    }

    private static String withoutToken(String page) {
        return CSRF.matcher(page).replaceAll("name=\"_csrf\" value=\"TOKEN\"");
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
