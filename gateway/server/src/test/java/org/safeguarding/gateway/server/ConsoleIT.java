package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.Documents;
import org.safeguarding.gateway.server.support.ConsoleBrowserTest;
import org.safeguarding.gateway.server.support.Keycloak;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The web console through a real browser (Debian's Chromium, headless) and Keycloak's real sign-in page: each role's
 * main task end to end, and the console's refusals (a role not allowed, a form without its CSRF token, a session idle
 * too long, a person signed out).
 */
class ConsoleIT extends ConsoleBrowserTest {

    /** Mia Brightwell: a plan with no contact of its own, so the answer gives Derby's own numbers. */
    private static final String MIA = "9993828963";
    private static final String DERBY_OFFICE = "01632 960001";
    private static final String DERBY_OUT_OF_HOURS = "01632 960002";
    private static final String AVA_PLAN = "DER-CPP-0001";
    private static final String AVA = "9997709144";
    private static final String NARRATIVE = "Officers attended after a neighbour heard shouting; the father was arrested.";

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcClient jdbc;

    @Test
    void notSignedInGoesStraightToKeycloaksSignInWithPkce() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(api.base() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(302);
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(Keycloak.get().issuer() + "/protocol/openid-connect/auth?")
                .contains("client_id=gateway-console", "response_type=code", "code_challenge_method=S256", "code_challenge=", "state=");
    }

    @Test
    void theApiStaysBearerOnly() throws Exception {
        browser.signIn(api.base() + "/", "gp.derby");
        String session = browser.sessionCookie();
        assertThat(session).as("a console session").isNotNull();
        HttpResponse<String> answer = get("/api/v1/inbox", session);
        assertThat(answer.statusCode()).as("a console session is no credential at the API").isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
    }

    @Test
    void anAAndEClinicianChecksAChildAndSeesWhomToRing() {
        browser.signIn(api.base() + "/", "ae.clinician");
        assertThat(browser.driver().getCurrentUrl()).as("A&E lands on the check").endsWith("/lookup");
        accessible("home-unscheduled-care");
        WebElement number = browser.find("#nhsNumber");
        number.sendKeys("999 382 896");
        assertThat(browser.text("#nhsNumber-check")).isEqualTo("1 more digit");
        number.sendKeys("4");
        assertThat(browser.text("#nhsNumber-check")).contains("check digit is wrong");
        number.sendKeys("\b3");
        assertThat(browser.text("#nhsNumber-check")).isEqualTo("Valid NHS number");
        browser.find("#check").click();

        assertThat(browser.await(".govuk-panel__title").getText()).isEqualTo("Child protection plan in place");
        assertThat(browser.text(".console-plan")).contains("Child protection plan", "Mia Brightwell", "Derby City Council");
        List<String> phones = browser.driver().findElements(By.cssSelector(".console-phone a")).stream().map(a -> a.getAttribute("href")).toList();
        assertThat(phones).containsExactly("tel:" + DERBY_OFFICE.replace(" ", ""), "tel:" + DERBY_OUT_OF_HOURS.replace(" ", ""));
        assertThat(browser.text(".govuk-inset-text")).contains("local authority has been told");
        accessible("lookup-answer");

        // the same lookup the API does: audited as ae.clinician's, and Derby told
        assertThat(audit.latest(50)).anySatisfy(r -> {
            assertThat(r.entry().action()).isEqualTo("cp-lookup");
            assertThat(r.entry().nhsNumber()).isEqualTo(MIA);
            assertThat(r.entry().orgId()).isEqualTo("ae-royal-derby");
            assertThat(r.entry().outcome()).isEqualTo("allowed");
        });
        JsonNode messages = api.get("/api/v1/inbox?type=access-notification&size=50", Tokens.user("sw.derby")).json().get("messages");
        assertThat(StreamSupport.stream(messages.spliterator(), false).map(m -> m.get("nhsNumber").asString())).contains(MIA);

        // who else has checked: asked for, and recorded as the API's access history is
        browser.find("#history").click();
        assertThat(browser.await(".console-checks").getText()).contains("ae-royal-derby", "unscheduled-care");
        accessible("lookup-history");
        assertThat(audit.latest(5)).anySatisfy(r -> {
            assertThat(r.entry().action()).isEqualTo("access-history-read");
            assertThat(r.entry().nhsNumber()).isEqualTo(MIA);
        });
    }

    @Test
    void aWrongNhsNumberIsNamedInAnErrorSummary() {
        browser.signIn(api.base() + "/lookup", "safeguarding.nurse");
        assertThat(browser.driver().findElements(By.id("silent"))).as("the silent check is offered to a safeguarding nurse").hasSize(1);
        accessible("home-safeguarding-health");
        browser.find("#nhsNumber").sendKeys("9997176953");
        browser.find("#check").click();
        assertThat(browser.await(".govuk-error-summary").getText()).contains("There is a problem", "check digit");
        assertThat(browser.find("#nhsNumber").getAttribute("aria-describedby")).contains("nhsNumber-error");
        accessible("lookup-error");
    }

    @Test
    void aSocialWorkerIsRefusedTheCheckAndTheRefusalIsRecorded() throws Exception {
        browser.signIn(api.base() + "/", "sw.derby");
        assertThat(browser.driver().findElements(By.linkText("Check a child"))).as("not offered").isEmpty();
        accessible("home-social-care");
        HttpResponse<String> page = get("/lookup", browser.sessionCookie());
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("This is not available to you");
        assertThat(audit.latest(20)).anySatisfy(r -> {
            assertThat(r.entry().action()).isEqualTo("cp-lookup");
            assertThat(r.entry().orgId()).isEqualTo("la-derby");
            assertThat(r.entry().outcome()).isEqualTo("denied");
        });
        browser.driver().get(api.base() + "/lookup");
        assertThat(browser.text("h1")).isEqualTo("This is not available to you");
        accessible("refused");
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefused() throws Exception {
        browser.signIn(api.base() + "/", "ae.clinician");
        long before = audit.latest(1).get(0).seq();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(api.base() + "/lookup"))
                .header("Cookie", browser.sessionCookie()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("nhsNumber=" + MIA)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(audit.latest(20)).as("no lookup was done").noneSatisfy(r -> {
            assertThat(r.seq()).isGreaterThan(before);
            assertThat(r.entry().action()).isEqualTo("cp-lookup");
        });
    }

    @Test
    void aSessionIdleForFifteenMinutesIsOver() throws Exception {
        browser.signIn(api.base() + "/", "gp.derby");
        String cookie = browser.sessionCookie();
        assertThat(get("/", cookie).statusCode()).isEqualTo(200);
        String id = cookie.substring("SESSION=".length());
        // Spring Session keeps the session id in the cookie base64-encoded
        String sessionId = new String(java.util.Base64.getDecoder().decode(id), StandardCharsets.UTF_8);
        assertThat(jdbc.sql("SELECT max_inactive_interval FROM spring_session WHERE session_id = ?").param(sessionId).query(Integer.class).single())
                .isEqualTo(15 * 60);
        long fourteenMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(14).toMillis();
        jdbc.sql("UPDATE spring_session SET last_access_time = ?, expiry_time = ? WHERE session_id = ?")
                .params(fourteenMinutesAgo, fourteenMinutesAgo + 900_000, sessionId).update();
        assertThat(get("/", cookie).statusCode()).as("14 minutes idle: still signed in").isEqualTo(200);
        long sixteenMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(16).toMillis();
        jdbc.sql("UPDATE spring_session SET last_access_time = ?, expiry_time = ? WHERE session_id = ?")
                .params(sixteenMinutesAgo, sixteenMinutesAgo + 900_000, sessionId).update();
        HttpResponse<String> answer = get("/", cookie);
        assertThat(answer.statusCode()).as("16 minutes idle: signed out").isEqualTo(302);
        assertThat(answer.headers().firstValue("Location").orElseThrow()).startsWith(Keycloak.get().issuer());
    }

    @Test
    void signingOutEndsTheKeycloakSessionToo() {
        browser.signIn(api.base() + "/", "hv.derby");
        browser.find(".console-sign-out button").click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().endsWith("/signed-out"));
        assertThat(browser.text("h1")).isEqualTo("You have signed out");
        accessible("signed-out");
        browser.driver().get(api.base() + "/");
        assertThat(browser.await("#username").isDisplayed()).as("Keycloak asks for the password again").isTrue();
    }

    @Test
    void everyOtherRoleLandsOnAHomeOfItsOwn() {
        java.util.Map<String, String> roleOf = java.util.Map.of("gp.derby", "gp", "hv.derby", "community-health", "police.derbyshire", "police",
                "auditor", "auditor", "ops", "gateway-admin");
        roleOf.forEach((user, role) -> {
            browser.signIn(api.base() + "/", user);
            assertThat(browser.text("h1")).as(user).isEqualTo("What do you need to do?");
            assertThat(browser.text(".console-signed-in")).as(user).contains(role);
            accessible("home-" + role);
        });
    }

    @Test
    void theAuditorSeesWhoLookedAtAChildAndVerifiesTheTrail() {
        assertThat(api.careTeams(MIA, Tokens.system("ae-system")).status()).isEqualTo(200);
        browser.signIn(api.base() + "/", "auditor");
        browser.find("a[href='/audit']").click();
        browser.await("#nhsNumber").sendKeys(MIA);
        browser.find("#who-looked").click();
        String report = browser.await(".console-accesses").getText();
        assertThat(report).contains("ae-system", "cp-lookup", "allowed");
        accessible("audit-who-looked");
        browser.find("#verify").click();
        assertThat(browser.await("#verification").getText()).contains("The audit trail is intact", "signed checkpoints verified");
        accessible("audit-verified");

        browser.signIn(api.base() + "/", "sw.derby");
        assertThat(browser.driver().findElements(By.cssSelector("a[href='/audit']"))).isEmpty();
        browser.driver().get(api.base() + "/audit");
        assertThat(browser.text("h1")).isEqualTo("This is not available to you");
    }

    @Test
    void aSocialWorkerSendsMinutesAndSeesTheGpAcknowledge() throws Exception {
        Path minutes = java.nio.file.Files.writeString(java.nio.file.Files.createTempFile("minutes", ".txt"),
                "Minutes of the review child protection conference (synthetic)\n".repeat(20));
        browser.signIn(api.base() + "/", "sw.derby");
        browser.find("a[href='/documents/new']").click();
        browser.await("#planId").sendKeys(AVA_PLAN);
        // the plan's core group shown, ticked, as the plan id is typed (htmx); the police are among those not ticked
        assertThat(browser.await("label[for='recipient-gp-derby-central']").isDisplayed()).isTrue();
        assertThat(browser.find("#recipient-gp-derby-central").isSelected()).isTrue();
        assertThat(browser.find("#recipient-school-derby-primary").isSelected()).isTrue();
        assertThat(browser.find("#recipient-police-derbyshire").isSelected()).isFalse();
        browser.find("#nhsNumber").sendKeys(AVA);
        browser.find("#title").sendKeys("Review conference");
        browser.find("#file").sendKeys(minutes.toAbsolutePath().toString());
        accessible("document-send");
        browser.find("#send").click();
        browser.await(".console-copies");
        String documentId = browser.driver().getCurrentUrl().replaceAll(".*/documents/", "");
        String refresh = browser.driver().getCurrentUrl();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            browser.driver().get(refresh);
            return browser.text("#copy-gp-derby-central");
        }, row -> row.contains("delivered"));
        assertThat(browser.text(".console-copies")).contains("hv-derby", "school-derby-primary");
        accessible("document-status");

        String gpMessage = await().atMost(Duration.ofSeconds(15)).until(() -> inboxMessage("gp.derby", "document", documentId), m -> m != null);
        assertThat(api.post("/api/v1/inbox/" + gpMessage + "/acknowledge", Tokens.user("gp.derby"), "").status()).isEqualTo(204);
        // the page's table refreshes itself (htmx): no reload
        browser.driver().executeScript("document.body.dataset.loadedOnce = 'yes'");
        // the row may be swapped by the refresh between finding it and reading it: found afresh on the next poll
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("copy-gp-derby-central")).getText().contains("acknowledged"));
        assertThat(browser.driver().executeScript("return document.body.dataset.loadedOnce")).as("the same page, not reloaded").isEqualTo("yes");
        assertThat(browser.text("#copy-hv-derby")).doesNotContain("acknowledged");
        accessible("document-acknowledged");

        // another authority's social worker is refused the status, as for a document that does not exist
        browser.signIn(api.base() + "/", "sw.nottingham");
        HttpResponse<String> theirs = get("/documents/" + documentId, browser.sessionCookie());
        HttpResponse<String> missing = get("/documents/no-such-document", browser.sessionCookie());
        assertThat(theirs.statusCode()).isEqualTo(missing.statusCode()).isEqualTo(403);
    }

    @Test
    void aSchoolsSafeguardingLeadAcknowledgesACopy() {
        String documentId = Documents.minutesSent(api, AVA_PLAN, AVA, "school-derby-primary");
        String messageId = await().atMost(Duration.ofSeconds(15)).until(() -> inboxMessage("dsl.derby", "document", documentId), m -> m != null);
        browser.signIn(api.base() + "/", "dsl.derby");
        accessible("home-school");
        browser.find("a[href='/inbox']").click();
        WebElement row = browser.await("#message-" + messageId.replace(":", "\\:").replace(".", "\\."));
        assertThat(row.getText()).contains("Document", "999 770 9144");
        accessible("inbox-school");
        row.findElement(By.cssSelector("button")).click();
        assertThat(browser.await(".govuk-notification-banner").getText()).contains("Acknowledged");
        accessible("inbox-acknowledged");
        await().atMost(Duration.ofSeconds(10)).until(() -> "acknowledged".equals(status(documentId, "school-derby-primary")));
    }

    @Test
    void aSchoolsSafeguardingLeadOpensADvNoticeWithTheSchoolsKeyFile() throws Exception {
        String child = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(child, "CPP", "la-derby")).status()).isEqualTo(201);
        String reference = "DBY-" + UUID.randomUUID();
        String notification = """
                {"forceReference":"%s","incidentDateTime":"%s","riskLevel":"high","location":{"postcode":"DE1 2AB"},
                 "summary":"%s",
                 "childrenPresent":[{"nhsNumber":"%s","givenName":"Test","familyName":"Child","birthDate":"2019-04-01","schoolId":"school-derby-primary"}],
                 "adultsInvolved":[{"givenName":"Adam","familyName":"Perpetrator","relationship":"father"}],
                 "officer":{"name":"PC Jane Doe","collarNumber":"DC1234","phone":"01632 960500"}}
                """.formatted(reference, Instant.now().minus(Duration.ofHours(3)), NARRATIVE, child);
        Api.Response accepted = api.send(api.request("/api/v1/dv-notifications", Tokens.system("police-system"), "Content-Type", "application/json",
                "Idempotency-Key", reference).POST(HttpRequest.BodyPublishers.ofString(notification)));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String notificationId = accepted.json().get("id").asString();
        String messageId = await().atMost(Duration.ofSeconds(15)).until(() -> inboxMessage("dsl.derby", "dv-notification", notificationId),
                m -> m != null);

        browser.signIn(api.base() + "/inbox/" + messageId, "dsl.derby");
        assertThat(browser.text("h1")).isEqualTo("Domestic abuse notification");
        browser.await("#key-missing");
        accessible("message-choose-key");
        Path school = dataDirectory().resolve("agencies/school-derby-primary/key.pem").toAbsolutePath();
        browser.find("#key-file").sendKeys(school.toString());
        browser.find("#use-key").click();
        browser.await("#open-copy").click();
        String opened = browser.await("#copy-notice").getText();
        assertThat(opened).as("the Encompass minimum, in words").contains("operation-encompass", "Police attended", "Test", "Child",
                "PC Jane Doe", "01632 960500").doesNotContain(NARRATIVE, "Perpetrator", "Risk level");
        assertThat(browser.text("#copy-outcome")).contains("Opened and checked");
        accessible("message-opened");

        Object kept = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const open = indexedDB.open('safeguarding-gateway-console', 1);
                open.onsuccess = () => {
                  const get = open.result.transaction('organisation-keys').objectStore('organisation-keys').get('school-derby-primary');
                  get.onsuccess = () => done(get.result ? get.result.key.extractable + ' ' + get.result.key.type + ' ' + get.result.key.algorithm.name : 'none');
                };""");
        assertThat(kept).as("kept in IndexedDB, and WebCrypto will not give its bytes out").isEqualTo("false private RSA-OAEP");

        // another organisation's key does not open the school's copy
        browser.find("#forget-key").click();
        browser.await("#key-file").sendKeys(dataDirectory().resolve("agencies/la-derby/key.pem").toAbsolutePath().toString());
        browser.find("#use-key").click();
        browser.await("#open-copy").click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .until(d -> d.findElement(By.id("copy-outcome")).getText().contains("does not open"));
        assertThat(browser.find("#copy-shown").isDisplayed()).isFalse();
        browser.find("#forget-key").click();
    }

    @Test
    void anotherOrganisationsMessageIsRefusedAsAMissingOneIs() throws Exception {
        String documentId = Documents.minutesSent(api, AVA_PLAN, AVA, "school-derby-primary");
        String messageId = await().atMost(Duration.ofSeconds(15)).until(() -> inboxMessage("dsl.derby", "document", documentId), m -> m != null);
        browser.signIn(api.base() + "/", "hv.derby");
        String cookie = browser.sessionCookie();
        for (String path : List.of("/inbox/%s", "/inbox/%s/content")) {
            HttpResponse<String> theirs = get(path.formatted(messageId), cookie);
            HttpResponse<String> missing = get(path.formatted("no-such-message-" + UUID.randomUUID()), cookie);
            assertThat(theirs.statusCode()).as(path).isEqualTo(missing.statusCode()).isEqualTo(403);
            assertThat(theirs.body().replace(messageId, "ID")).as(path).isEqualTo(missing.body().replaceAll("no-such-message-[0-9a-f-]+", "ID"));
        }
        assertThat(audit.latest(20)).as("the attempt on the school's message is recorded").anySatisfy(r -> {
            assertThat(r.entry().resource()).contains(messageId);
            assertThat(r.entry().orgId()).isEqualTo("hv-derby");
            assertThat(r.entry().outcome()).isEqualTo("denied");
        });
    }

    @Test
    void aPoliceOfficerNotifiesAnIncidentAndSeesTheLocalAuthoritysDecision() throws Exception {
        String reference = "DER/CONSOLE/" + UUID.randomUUID().toString().substring(0, 8);
        java.time.ZonedDateTime incident = java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/London")).minusHours(3);
        browser.signIn(api.base() + "/", "police.derbyshire");
        HttpResponse<String> form = get("/dv-notifications/new", browser.sessionCookie());
        assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
        browser.find("a[href='/dv-notifications/new']").click();
        browser.await("#forceReference").sendKeys(reference);
        browser.find("#incidentDate").sendKeys(incident.format(java.time.format.DateTimeFormatter.ofPattern("d/M/yyyy")));
        browser.find("#incidentTime").sendKeys(incident.format(java.time.format.DateTimeFormatter.ofPattern("HH:mm")));
        browser.find("#postcode").sendKeys("DE1 2AB");
        browser.find("#summary").sendKeys(NARRATIVE);
        browser.find("#child-0-givenName").sendKeys("Ava");
        browser.find("#child-0-familyName").sendKeys("Console");
        browser.find("#child-0-birthDate").sendKeys("31/2/2019");
        browser.find("#child-0-nhsNumber").sendKeys("999 770 9144");
        browser.find("#child-0-schoolId").sendKeys("school-derby-primary");
        browser.find("#add-adult").click();
        assertThat(browser.await("#adult-1-givenName").getAttribute("value")).as("a second adult row, the first kept").isEmpty();
        assertThat(browser.find("#child-0-givenName").getAttribute("value")).isEqualTo("Ava");
        browser.find("#officerName").sendKeys("PC Jane Doe");
        browser.find("#collarNumber").sendKeys("DC1234");
        browser.find("#notify").click();

        // no risk level, an impossible date of birth, no phone: each named, each at its field, nothing sent
        String summary = browser.await(".govuk-error-summary").getText();
        assertThat(summary).contains("Choose the risk level", "Child 1: enter the date of birth", "Enter a phone number");
        assertThat(summary.indexOf("Choose the risk level")).as("in the form's order").isLessThan(summary.indexOf("Child 1"));
        assertThat(summary.indexOf("Child 1")).isLessThan(summary.indexOf("Enter a phone number"));
        assertThat(browser.find("#child-0-birthDate").getAttribute("aria-describedby")).contains("child-0-birthDate-error");
        assertThat(browser.find("#summary").getAttribute("value")).as("what was typed comes back").isEqualTo(NARRATIVE);
        accessible("dv-notify-errors");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM dv_notification WHERE force_reference = ?").param(reference).query(Integer.class).single())
                .isZero();

        browser.find("#riskLevel-high").click();
        browser.find("#child-0-birthDate").clear();
        browser.find("#child-0-birthDate").sendKeys("1/4/2019");
        browser.find("#officerPhone").sendKeys("01632 960500");
        accessible("dv-notify");
        browser.find("#notify").click();
        browser.await("#outcome");
        String notificationId = browser.driver().getCurrentUrl().replaceAll(".*/dv-notifications/", "");
        String page = browser.driver().getCurrentUrl();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            browser.driver().get(page);
            return browser.driver().findElements(By.id("copy-la-derby")).size() + browser.driver().findElements(By.id("copy-school-derby-primary")).size();
        }, n -> n == 2);
        assertThat(browser.text("#outcome")).contains("Not yet decided");
        accessible("dv-notification-sent");

        // Derby's social worker decides, from the notification in the authority's inbox
        String laMessage = await().atMost(Duration.ofSeconds(15)).until(() -> inboxMessage("sw.derby", "dv-notification", notificationId),
                m -> m != null);
        browser.signIn(api.base() + "/inbox/" + laMessage, "sw.derby");
        browser.find("#decide").click();
        browser.await("#record-decision");
        browser.find("label[for='decision-1']").click();
        browser.find("#note").sendKeys("Early help offered to the family through the children's centre.");
        accessible("dv-decide");
        browser.find("#record-decision").click();
        assertThat(browser.await("#success").getText()).contains("The decision is recorded");
        assertThat(browser.driver().findElements(By.id("record-decision"))).as("decided once").isEmpty();

        // the force sees it in its list and on the notification, and has the authority's copy in its inbox
        browser.signIn(api.base() + "/", "police.derbyshire");
        browser.find("a[href='/dv-notifications']").click();
        assertThat(browser.await("#notification-" + notificationId).getText()).contains(reference, "Early help");
        accessible("dv-list");
        browser.find("#notification-" + notificationId + " a").click();
        assertThat(browser.await("#outcome").getText()).contains("Early help", "children's centre");
        assertThat(await().atMost(Duration.ofSeconds(15)).until(() -> inboxMessage("police.derbyshire", "dv-outcome", notificationId),
                m -> m != null)).isNotNull();

        // another force's notification, or none: the same refusal; Nottingham may not decide on Derby's
        browser.signIn(api.base() + "/", "sw.nottingham");
        HttpResponse<String> theirs = get("/dv-notifications/" + notificationId, browser.sessionCookie());
        HttpResponse<String> missing = get("/dv-notifications/" + UUID.randomUUID(), browser.sessionCookie());
        assertThat(theirs.statusCode()).isEqualTo(missing.statusCode()).isEqualTo(403);
        assertThat(audit.latest(20)).anySatisfy(r -> {
            assertThat(r.entry().resource()).contains(notificationId);
            assertThat(r.entry().orgId()).isEqualTo("la-nottingham");
            assertThat(r.entry().outcome()).isEqualTo("denied");
        });
    }

    @Test
    void aPdfCopyOpensInTheBrowsersOwnViewer() {
        byte[] pdf = ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj"
                + " 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
        String documentId = Documents.sent(api, "cp-plan", AVA_PLAN, AVA, "plan.pdf", "application/pdf", pdf, "school-derby-primary");
        String messageId = await().atMost(Duration.ofSeconds(15)).until(() -> inboxMessage("dsl.derby", "document", documentId), m -> m != null);

        browser.signIn(api.base() + "/inbox/" + messageId, "dsl.derby");
        browser.await("#key-file").sendKeys(dataDirectory().resolve("agencies/school-derby-primary/key.pem").toAbsolutePath().toString());
        browser.find("#use-key").click();
        browser.await("#open-copy").click();
        WebElement viewer = browser.await("#copy-pdf-link");
        assertThat(browser.find("#copy-text").isDisplayed()).as("a PDF is not shown as text").isFalse();
        assertThat(viewer.getAttribute("href")).startsWith("blob:");
        accessible("message-pdf-opened");
        // the link opens the PDF itself (a blob the page made from the opened copy), typed as a PDF for the browser's viewer
        browser.driver().get(viewer.getAttribute("href"));
        assertThat(browser.driver().executeScript("return document.contentType")).isEqualTo("application/pdf");
        browser.driver().navigate().back();
        browser.await("#forget-key").click();
    }

    @Test
    void theAuditorDownloadsTheTrail() throws Exception {
        browser.signIn(api.base() + "/audit", "auditor");
        String href = browser.await("#export").getAttribute("href");
        assertThat(href).endsWith("/audit/export");
        HttpResponse<String> export = get("/audit/export", browser.sessionCookie());
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment; filename=\"audit-");
        assertThat(export.body().lines().findFirst().orElse("")).contains("safeguarding-gateway-audit-export/1");
        assertThat(export.body().lines().count()).isGreaterThan(10);
        assertThat(audit.latest(20)).anySatisfy(r -> {
            assertThat(r.entry().action()).isEqualTo("audit-export");
            assertThat(r.entry().orgId()).isEqualTo("ig-derby");
            assertThat(r.entry().outcome()).isEqualTo("allowed");
        });

        browser.signIn(api.base() + "/", "police.derbyshire");
        assertThat(get("/audit/export", browser.sessionCookie()).statusCode()).isEqualTo(403);
    }

    private String inboxMessage(String user, String type, String reference) {
        JsonNode messages = api.get("/api/v1/inbox?type=" + type + "&size=200", Tokens.user(user)).json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false).filter(m -> reference.equals(m.get("reference").asString()))
                .map(m -> m.get("id").asString()).findFirst().orElse(null);
    }

    private String status(String documentId, String recipient) {
        JsonNode deliveries = api.get("/api/v1/documents/" + documentId, Tokens.user("sw.derby")).json().get("deliveries");
        return StreamSupport.stream(deliveries.spliterator(), false).filter(d -> recipient.equals(d.get("recipient").asString()))
                .map(d -> d.get("status").asString()).findFirst().orElse(null);
    }

}
