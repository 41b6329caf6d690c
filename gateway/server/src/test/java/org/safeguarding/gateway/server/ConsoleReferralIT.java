package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.ConsoleBrowserTest;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Referrals through a real browser and Keycloak's real sign-in page: a school refers a child (its mistakes named at
 * each input, nothing stored until it is right), the front door finds it in its queue and decides, and the school reads
 * the decision and the feedback; a GP referring a child at immediate risk is told whom to phone now; another
 * authority is refused the referral as it is refused one that does not exist. Each page meets axe-core's checks.
 */
class ConsoleReferralIT extends ConsoleBrowserTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final String AVA_PLAN = "DER-CPP-0001";
    private static final String CONCERN = "Arrives hungry most mornings; the school has seen this for three weeks.";
    private static final String FEEDBACK = "An early help assessment will start this week; the family has agreed to it.";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditTrail audit;

    @Test
    void aSchoolRefersAChildTheFrontDoorDecidesAndTheSchoolReadsTheFeedback() throws Exception {
        long before = referralsFrom("school-derby-primary");
        browser.signIn(api.base() + "/", "dsl.derby");
        browser.find("main a[href='/referrals/new']").click();
        browser.await("#refer");
        assertThat(browser.find("#referrerName").getAttribute("value")).as("the person signed in, prefilled").isEqualTo("Dana Lead");

        // no urgency, a date of birth that does not exist, a concern without what was seen, no consent, a phone nobody can ring
        browser.find("#child-0-givenName").sendKeys("Ava");
        browser.find("#child-0-familyName").sendKeys("Ashdown");
        typeDate("child-0-birthDate", "31", "2", "2019");
        browser.find("#child-0-nhsNumber").sendKeys("999 770 9144");
        new Select(browser.find("#concern-0-category")).selectByValue("neglect");
        browser.find("#referrerRole").sendKeys("Designated safeguarding lead");
        browser.find("#referrerPhone").sendKeys("call me");
        browser.find("#add-child").click();
        assertThat(browser.await("#child-1-givenName").getAttribute("value")).as("a second child row, the first kept").isEmpty();
        assertThat(browser.find("#child-0-givenName").getAttribute("value")).isEqualTo("Ava");
        browser.find("#refer").click();

        String summary = browser.await(".govuk-error-summary").getText();
        List<String> problems = List.of("Choose how urgent", "Child 1: enter the date of birth", "Concern 1: describe what was seen",
                "Choose whether the family consented", "Enter a phone number");
        assertThat(summary).contains(problems);
        assertThat(problems.stream().map(summary::indexOf).toList()).as("in the form's order").isSorted();
        assertThat(browser.find(".govuk-error-summary a[href='#child-0-birthDate']").isDisplayed()).isTrue();
        assertThat(browser.find("#child-0-birthDate").findElement(By.xpath("ancestor::fieldset[1]")).getAttribute("aria-describedby"))
                .contains("child-0-birthDate-error");
        assertThat(browser.text("#child-0-birthDate-error")).contains("day, month and year");
        assertThat(browser.find("#child-0-birthDate").getAttribute("value")).as("what was typed comes back").isEqualTo("31");
        assertThat(browser.driver().findElements(By.id("child-1-givenName"))).as("the row left empty is dropped").isEmpty();
        accessible("referral-errors");
        assertThat(referralsFrom("school-derby-primary")).as("nothing stored").isEqualTo(before);

        browser.find("label[for='urgency-standard']").click();
        typeDate("child-0-birthDate", "12", "4", "2019");
        browser.find("#concern-0-detail").sendKeys(CONCERN);
        browser.find("label[for='consent']").click();
        browser.find("#referrerPhone").clear();
        browser.find("#referrerPhone").sendKeys("01632 960900");
        accessible("referral-new");
        browser.find("#refer").click();

        // the confirmation is the referral's own page: when the decision is due, and nothing of the register
        String banner = browser.await("#success").getText();
        String id = browser.driver().getCurrentUrl().replaceAll(".*/referrals/", "");
        Api.Response seen = api.get("/api/v1/referrals/" + id, Tokens.user("dsl.derby"));
        assertThat(seen.status()).as(seen.toString()).isEqualTo(200);
        ZonedDateTime due = ZonedDateTime.parse(seen.json().get("decisionDue").asString()).withZoneSameInstant(LONDON);
        assertThat(banner).contains("sent to Derby City Council", "The decision is due by "
                + due.format(DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm", Locale.UK)));
        assertThat(browser.driver().findElements(By.id("phone-now"))).as("no call asked for a standard referral").isEmpty();
        assertThat(browser.text("#referral-status")).isEqualTo("Received");
        assertThat(browser.driver().getPageSource()).as("a referrer sees nothing of the register").doesNotContain(AVA_PLAN);
        accessible("referral-sent");
        assertThat(referralsFrom("school-derby-primary")).isEqualTo(before + 1);

        browser.find("header a[href='/referrals']").click();
        assertThat(browser.await("h1").getText()).isEqualTo("Your referrals");
        assertThat(browser.await("#referral-" + id).getText()).contains("Ava Ashdown", "Standard", "Received", "Awaited");
        accessible("referrals-yours");

        // Derby's front door: the referral in its queue with what the register knows, decided from its page
        browser.signIn(api.base() + "/", "sw.derby");
        browser.find("main a[href='/referrals']").click();
        assertThat(browser.await("h1").getText()).isEqualTo("Front door");
        WebElement queued = browser.await("#referral-" + id);
        assertThat(queued.getText()).contains("Ava Ashdown", "Derby Demo Primary School", AVA_PLAN, "Standard", "Received");
        accessible("front-door");
        queued.findElement(By.cssSelector("a")).click();
        browser.await("#record-decision");
        assertThat(browser.text("#referral-summary")).contains("999 770 9144", AVA_PLAN, "Derby Demo Primary School");
        browser.find("label[for='decision-early-help']").click();
        browser.find("#record-decision").click();
        assertThat(browser.await(".govuk-error-summary").getText()).contains("Enter the feedback for the referrer");
        assertThat(browser.find("#feedback").getAttribute("aria-describedby")).contains("feedback-error");
        assertThat(browser.find("#decision-early-help").isSelected()).as("the decision chosen is kept").isTrue();
        accessible("referral-decide-errors");
        assertThat(status(id)).as("nothing decided").isEqualTo("received");

        browser.find("#feedback").sendKeys(FEEDBACK);
        accessible("referral-decide");
        browser.find("#record-decision").click();
        assertThat(browser.await("#success").getText()).contains("The decision is recorded");
        assertThat(browser.text("#referral-status")).isEqualTo("Decided");
        assertThat(browser.text("#outcome")).contains("Early help");
        assertThat(browser.driver().findElements(By.id("record-decision"))).as("decided once").isEmpty();
        accessible("referral-decided");
        assertThat(status(id)).isEqualTo("decided");

        // a second decision (another tab, the back button): refused, said plainly, and the first stands
        String cookie = browser.sessionCookie();
        HttpResponse<String> again = postForm("/referrals/" + id + "/decision", cookie,
                form(Map.of("decision", "no-further-action", "feedback", "Changed our minds.", "_csrf", csrfToken("/referrals/" + id, cookie))));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("There is a problem", "decided already");
        assertThat(api.get("/api/v1/referrals/" + id, Tokens.user("sw.derby")).json().get("decision").asString()).isEqualTo("early-help");

        // the school sees the decision and the feedback
        browser.signIn(api.base() + "/referrals", "dsl.derby");
        WebElement decided = browser.await("#referral-" + id);
        assertThat(decided.getText()).contains("Decided", "Early help", FEEDBACK);
        accessible("referrals-decided");
        decided.findElement(By.cssSelector("a")).click();
        assertThat(browser.await("#feedback-sent").getText()).isEqualTo(FEEDBACK);
        assertThat(browser.text("main")).contains("01632 960001").doesNotContain(AVA_PLAN, "999 770 9144");
        assertThat(browser.driver().findElements(By.id("record-decision"))).isEmpty();
        accessible("referral-feedback");
    }

    @Test
    void aGpReferringAChildAtImmediateRiskIsToldToPhoneTheAuthorityNowAndADoubleSubmitIsOneReferral() throws Exception {
        browser.signIn(api.base() + "/referrals/new", "gp.derby");
        browser.await("#refer");
        assertThat(browser.find("#urgency").isSelected()).isFalse();
        // in the page for a browser without script; shown once immediate risk is chosen
        assertThat(browser.find("#duty-numbers").getAttribute("textContent")).contains("01632 960001", "01632 960002", "0115 496 0001");
        assertThat(browser.find("#phone-first").isDisplayed()).isFalse();
        browser.find("label[for='urgency']").click();
        assertThat(browser.find("#phone-first").isDisplayed()).isTrue();
        assertThat(browser.text("#phone-first")).contains("phone the local authority", "Derby City Council", "01632 960001");

        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("children[0].givenName", "Noah");
        fields.put("children[0].familyName", "Nobody");
        fields.put("children[0].birthDay", "2");
        fields.put("children[0].birthMonth", "2");
        fields.put("children[0].birthYear", "2018");
        fields.put("children[0].postcode", "DE22 1AB");
        fields.put("concerns[0].detail", "Bruising seen today; the child says a parent did it.");
        fields.put("referrerRole", "GP partner");
        fields.put("referrerPhone", "01632 960300");
        fields.forEach((name, value) -> browser.find("[name='" + name + "']").sendKeys(value));
        new Select(browser.find("#concern-0-category")).selectByValue("physical-abuse");
        browser.find("label[for='consent-not-sought-risk']").click();
        String key = browser.find("input[name='idempotencyKey']").getAttribute("value");
        accessible("referral-immediate-risk-form");
        long before = referralsFrom("gp-derby-central");
        browser.find("#refer").click();

        WebElement phone = browser.await("#phone-now");
        assertThat(phone.getText()).containsPattern("Phone Derby City Council.* now on 01632 96000[12]");
        assertThat(phone.findElement(By.cssSelector("a")).getAttribute("href")).matches("tel:0163296000[12]");
        assertThat(browser.text("#success")).contains("The decision is due by");
        accessible("referral-immediate-risk");
        String id = browser.driver().getCurrentUrl().replaceAll(".*/referrals/", "");
        assertThat(referralsFrom("gp-derby-central")).isEqualTo(before + 1);

        // the same form sent again (a double click, a resend after a timeout): the same referral, not a second
        String cookie = browser.sessionCookie();
        fields.put("urgency", "immediate-risk");
        fields.put("concerns[0].category", "physical-abuse");
        fields.put("consent", "not-sought-risk");
        fields.put("referrerName", "Gita Practitioner");
        fields.put("idempotencyKey", key);
        fields.put("_csrf", csrfToken("/referrals/new", cookie));
        HttpResponse<String> resent = postForm("/referrals/new", cookie, form(fields));
        assertThat(resent.statusCode()).isEqualTo(302);
        assertThat(resent.headers().firstValue("Location").orElseThrow()).endsWith("/referrals/" + id);
        assertThat(referralsFrom("gp-derby-central")).isEqualTo(before + 1);
    }

    @Test
    void anotherAuthoritysSocialWorkerIsRefusedTheReferralAsAMissingOneAndAAndEReferFromTheCheck() throws Exception {
        Api.Response received = api.send(api.request("/api/v1/referrals", Tokens.user("dsl.derby"), "Content-Type", "application/json",
                "Idempotency-Key", "k-" + UUID.randomUUID()).POST(HttpRequest.BodyPublishers.ofString("""
                {"urgency":"urgent","children":[{"givenName":"Ava","familyName":"Ashdown","birthDate":"2019-04-12","nhsNumber":"9997709144"}],
                 "concerns":[{"category":"emotional-abuse","detail":"Withdrawn and tearful this week."}],"consent":"given",
                 "referrer":{"name":"Dana Lead","role":"designated safeguarding lead","phone":"01632 960900"}}""")));
        assertThat(received.status()).as(received.toString()).isEqualTo(202);
        String id = received.json().get("id").asString();

        browser.signIn(api.base() + "/referrals/" + id, "sw.nottingham");
        assertThat(browser.await("h1").getText()).isEqualTo("This is not available to you");
        assertThat(browser.text("main")).doesNotContain("Ashdown");
        accessible("referral-refused");
        String cookie = browser.sessionCookie();
        HttpResponse<String> theirs = get("/referrals/" + id, cookie);
        HttpResponse<String> none = get("/referrals/" + UUID.randomUUID(), cookie);
        assertThat(theirs.statusCode()).isEqualTo(none.statusCode()).isEqualTo(403);
        assertThat(withoutToken(theirs.body())).isEqualTo(withoutToken(none.body()));
        assertThat(audit.latest(20)).as("the attempt is recorded").anySatisfy(r -> {
            assertThat(r.entry().resource()).contains(id);
            assertThat(r.entry().orgId()).isEqualTo("la-nottingham");
            assertThat(r.entry().outcome()).isEqualTo("denied");
        });
        HttpResponse<String> decided = postForm("/referrals/" + id + "/decision", cookie, form(Map.of("decision", "no-further-action",
                "feedback", "Not ours.", "_csrf", csrfToken("/referrals", cookie))));
        assertThat(decided.statusCode()).isEqualTo(403);
        assertThat(status(id)).isEqualTo("received");
        assertThat(get("/referrals", cookie).body()).as("not in Nottingham's queue").doesNotContain(id);
        assertThat(get("/referrals/new", cookie).statusCode()).as("social care decides referrals; it does not make them").isEqualTo(403);

        // A&E lands on the check, and refers from its menu or from the answer
        browser.signIn(api.base() + "/", "ae.clinician");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/lookup");
        browser.find("header a[href='/referrals/new']").click();
        assertThat(browser.await("h1").getText()).isEqualTo("Refer a child");
        browser.driver().get(api.base() + "/lookup");
        browser.await("#nhsNumber").sendKeys("9997709144");
        browser.find("#check").click();
        browser.await("#refer-child").click();
        assertThat(browser.await("h1").getText()).isEqualTo("Refer a child");
    }

    private void typeDate(String id, String day, String month, String year) {
        for (String[] box : List.of(new String[] {id, day}, new String[] {id + "-month", month}, new String[] {id + "-year", year})) {
            WebElement input = browser.find("#" + box[0]);
            input.clear();
            input.sendKeys(box[1]);
        }
    }

    private long referralsFrom(String org) {
        return jdbc.sql("SELECT COUNT(*) FROM referral WHERE referrer_org = ?").param(org).query(Long.class).single();
    }

    private String status(String id) {
        return api.get("/api/v1/referrals/" + id, Tokens.user("sw.derby")).json().get("status").asString();
    }

    private static String withoutToken(String page) {
        return CSRF.matcher(page).replaceAll("name=\"_csrf\" value=\"TOKEN\"");
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
