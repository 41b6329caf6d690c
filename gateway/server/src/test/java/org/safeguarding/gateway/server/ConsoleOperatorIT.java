package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.delivery.SecureCopyRoute;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.security.audit.AuditRecord;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.Documents;
import org.safeguarding.gateway.server.support.ConsoleBrowserTest;
import org.safeguarding.gateway.server.support.Incidents;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.PushReceiver;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The operators' pages through a real browser and Keycloak's real sign-in page: a push that failed retried, a dead letter
 * made in the real broker re-run, the agencies directory read, each through the same core services as the API's admin
 * endpoints, audited alike; and every other role refused.
 */
class ConsoleOperatorIT extends ConsoleBrowserTest {

    private static final String AVA_PLAN = "DER-CPP-0001";
    private static final String AVA = "9997709144";
    private static final String PUSH_AGENCY = "gp-push-console-test";
    /** The failing step advised into dv-notification for this class alone, taken out again after it. */
    private static final String FAULT = "console-operator-it-routing-fault";
    private static final AtomicBoolean ROUTING_FAILS = new AtomicBoolean();

    private static CamelContext advisedCamel;

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CamelContext camel;

    @Autowired
    AgencyDirectory agencies;

    @AfterAll
    static void restoreTheRoute() throws Exception {
        if (advisedCamel != null) {
            AdviceWith.adviceWith(advisedCamel, "dv-notification", a -> a.weaveById(FAULT).remove());
        }
    }

    @AfterEach
    void routingAndPushesWorkAgain() {
        ROUTING_FAILS.set(false);
        PushReceiver.get().answer(200);
    }

    @Test
    void anOperatorReRunsADeadLetterAndItIsProcessed() throws Exception {
        adviseAFailingStep();
        String nhs = Plans.registeredInDerby(api, "a child on a plan, for the notification to route");
        ROUTING_FAILS.set(true);
        String id = Incidents.notifiedFor(api, nhs);
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterIds().contains(id));
        ROUTING_FAILS.set(false);

        browser.signIn(api.base() + "/admin/dead-letters", "ops");
        String row = browser.find("#" + cssId("dead-letter-" + id)).getText();
        assertThat(row).contains("dv-routing", "dv-notification", "register unreachable", "3");
        assertThat(browser.driver().getPageSource()).as("no child data").doesNotContain(nhs).doesNotContain("Test Child");
        accessible("admin-dead-letters");

        // a form without its CSRF token re-runs nothing
        long before = audit.latest(1).get(0).seq();
        assertThat(post("/admin/dead-letters/" + id + "/retry", browser.sessionCookie(), null).statusCode()).isEqualTo(403);
        assertThat(deadLetterIds()).contains(id);
        assertThat(since(before)).noneMatch(r -> r.entry().resource().equals("dead-letter/" + id));

        browser.find("#" + cssId("dead-letter-" + id) + " button").click();
        assertThat(browser.await("#success").getText()).contains(id, "back on its queue");
        assertThat(browser.driver().findElements(By.id("dead-letter-" + id))).as("the row is gone").isEmpty();
        accessible("admin-dead-letter-rerun");

        await().atMost(Duration.ofSeconds(15)).until(() -> copies("sw.derby", id) == 1 && copies("dsl.derby", id) == 1);
        assertThat(deadLetterIds()).doesNotContain(id);
        assertThat(since(before)).as("the re-run recorded as the operator's").anySatisfy(r -> {
            assertThat(r.entry().action()).isEqualTo("delivery-admin");
            assertThat(r.entry().resource()).isEqualTo("dead-letter/" + id);
            assertThat(r.entry().orgId()).isEqualTo("gateway-ops");
            assertThat(r.entry().outcome()).isEqualTo("allowed");
        });

        // a malformed id is named on the problem page; a re-run of one no longer dead is refused as anything not there is
        // (the console says the same for what is not there as for what is not the person's)
        String token = csrfToken("/admin/dead-letters");
        HttpResponse<String> malformed = post("/admin/dead-letters/bad'id/retry", browser.sessionCookie(), token);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("There is a problem", "is not a dead letter id");
        assertThat(post("/admin/dead-letters/" + id + "/retry", browser.sessionCookie(), token).statusCode()).isEqualTo(403);
    }

    @Test
    void anOperatorSeesAFailedPushAmongTheDeliveriesAndRetriesIt() throws Exception {
        PushReceiver receiver = PushReceiver.get();
        Agency gp = agencies.find("gp-derby-central").orElseThrow();
        agencies.save(new Agency(PUSH_AGENCY, "gp-practice", "Console push test practice (test)", List.of(), null, null, gp.certificatePem(),
                receiver.url()));
        receiver.answer(503);
        String documentId = Documents.minutesSent(api, AVA_PLAN, AVA, PUSH_AGENCY);
        String deliveryId = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT id FROM delivery WHERE reference = ? AND recipient = ?")
                .params(documentId, PUSH_AGENCY).query(String.class).optional().orElse(null), d -> d != null);
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(storedStatus(deliveryId)));

        browser.signIn(api.base() + "/admin/deliveries", "ops");
        assertThat(new Select(browser.find("#status")).getFirstSelectedOption().getText()).as("failed by default").isEqualTo("Failed");
        String row = browser.find("#" + cssId("delivery-" + deliveryId)).getText();
        assertThat(row).contains(PUSH_AGENCY, "Document", documentId, "failed", "Retry");
        assertThat(browser.driver().getPageSource()).as("no child data").doesNotContain(AVA).doesNotContain("999 770 9144")
                .doesNotContain("Ava");
        accessible("admin-deliveries");

        receiver.answer(200);
        long before = audit.latest(1).get(0).seq();
        browser.find("#" + cssId("delivery-" + deliveryId) + " button").click();
        assertThat(browser.await("#success").getText()).contains(deliveryId, "pushed again");
        assertThat(browser.driver().findElements(By.id("delivery-" + deliveryId))).as("no longer failed").isEmpty();
        accessible("admin-delivery-retried");
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.acceptedCount(deliveryId) == 1);
        assertThat(since(before)).as("the retry recorded as the operator's").anySatisfy(r -> {
            assertThat(r.entry().action()).isEqualTo("delivery-admin");
            assertThat(r.entry().resource()).isEqualTo("delivery/" + deliveryId);
            assertThat(r.entry().outcome()).isEqualTo("allowed");
        });

        new Select(browser.find("#status")).selectByValue("delivered");
        browser.find("#show").click();
        WebElement delivered = browser.await("#" + cssId("delivery-" + deliveryId));
        assertThat(browser.driver().getCurrentUrl()).endsWith("status=delivered");
        assertThat(delivered.getText()).contains("delivered").doesNotContain("Retry");
        accessible("admin-deliveries-delivered");

        HttpResponse<String> unknownStatus = get("/admin/deliveries?status=lost", browser.sessionCookie());
        assertThat(unknownStatus.statusCode()).isEqualTo(400);
        assertThat(unknownStatus.body()).contains("There is a problem", "status must be one of");
        String token = csrfToken("/admin/deliveries");
        HttpResponse<String> malformed = post("/admin/deliveries/bad'id/retry", browser.sessionCookie(), token);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("is not a delivery id");
        assertThat(post("/admin/deliveries/" + deliveryId + "/retry", browser.sessionCookie(), token).statusCode())
                .as("a delivered copy is not re-run").isEqualTo(409);
    }

    @Test
    void anOperatorReadsTheAgenciesDirectory() {
        browser.signIn(api.base() + "/admin/agencies", "ops");
        String derby = browser.find("#agency-la-derby").getText();
        assertThat(derby).contains("Derby City Council", "la-derby", "local-authority", "DE", "01632 960001", "01632 960002", "Inbox",
                "Expires", "SHA-256", "MESH mailbox X26DER01 (SAFEGUARDING_COPY)");
        assertThat(browser.find("#agency-gp-derby-central").getText()).as("the demo GP's MESH mailbox, GP Connect off by default")
                .contains("MESH mailbox X26GPD01 (GPCONNECT_SEND_DOCUMENT)").doesNotContain("GP Connect)");
        assertThat(browser.find("#agency-school-derby-primary").getText()).doesNotContain("MESH");
        assertThat(browser.driver().getPageSource()).doesNotContain("PRIVATE KEY").doesNotContain("BEGIN CERTIFICATE");
        browser.find("#agency-la-derby summary").click();
        assertThat(browser.text("#agency-la-derby .govuk-details__text")).as("as openssl prints it").matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        accessible("admin-agencies");
    }

    @Test
    void everyOtherRoleIsRefusedEachOperatorsPageAndTheRefusalIsRecorded() throws Exception {
        browser.signIn(api.base() + "/", "sw.derby");
        assertThat(browser.driver().findElements(By.cssSelector("a[href^='/admin']"))).as("not offered").isEmpty();
        String cookie = browser.sessionCookie();
        for (String page : List.of("/admin/deliveries", "/admin/dead-letters", "/admin/agencies")) {
            long before = audit.latest(1).get(0).seq();
            HttpResponse<String> answer = get(page, cookie);
            assertThat(answer.statusCode()).as(page).isEqualTo(403);
            assertThat(answer.body()).as(page).contains("This is not available to you");
            assertThat(since(before)).as(page + ": the refusal recorded").anySatisfy(r -> {
                assertThat(r.entry().action()).isEqualTo("delivery-admin");
                assertThat(r.entry().orgId()).isEqualTo("la-derby");
                assertThat(r.entry().outcome()).isEqualTo("denied");
            });
        }
        // with a valid form token too: refused before the id is looked at, malformed or not
        String token = csrfToken("/");
        for (String action : List.of("/admin/deliveries/%s/retry", "/admin/dead-letters/%s/retry")) {
            for (String id : List.of("no-such-id", "bad'id")) {
                long before = audit.latest(1).get(0).seq();
                HttpResponse<String> answer = post(action.formatted(id), cookie, token);
                assertThat(answer.statusCode()).as(action + " " + id).isEqualTo(403);
                assertThat(answer.body()).contains("This is not available to you");
                assertThat(since(before)).anySatisfy(r -> {
                    assertThat(r.entry().action()).isEqualTo("delivery-admin");
                    assertThat(r.entry().outcome()).isEqualTo("denied");
                });
            }
        }
        browser.driver().get(api.base() + "/admin/dead-letters");
        assertThat(browser.text("h1")).isEqualTo("This is not available to you");
    }

    /**
     * Routing made to fail while the flag is up, so a notification fails every attempt and the broker dead-letters it;
     * the step has an id of its own so that the route is put back as it was after this class.
     */
    private void adviseAFailingStep() throws Exception {
        if (advisedCamel != null) {
            return;
        }
        AdviceWith.adviceWith(camel, "dv-notification", a -> a.weaveByToUri(SecureCopyRoute.URI).before()
                .process(e -> {
                    if (ROUTING_FAILS.get()) {
                        throw new IllegalStateException("test: the register unreachable");
                    }
                }).id(FAULT));
        advisedCamel = camel;
    }

    private List<String> deadLetterIds() {
        Api.Response listed = api.get("/api/v1/admin/dead-letters", Tokens.user("ops"));
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        return StreamSupport.stream(listed.json().get("deadLetters").spliterator(), false).map(d -> d.get("id").asString()).toList();
    }

    private long copies(String user, String reference) {
        JsonNode messages = api.get("/api/v1/inbox?type=dv-notification&size=200", Tokens.user(user)).json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false).filter(m -> reference.equals(m.get("reference").asString())).count();
    }

    private String storedStatus(String deliveryId) {
        return jdbc.sql("SELECT status FROM delivery WHERE id = ?").param(deliveryId).query(String.class).single();
    }

    private List<AuditRecord> since(long seq) {
        return audit.latest(200).stream().filter(r -> r.seq() > seq).toList();
    }

    private static String cssId(String id) {
        return id.replace(":", "\\:").replace(".", "\\.");
    }


    private HttpResponse<String> post(String path, String cookie, String csrfToken) throws Exception {
        return postForm(path, cookie, csrfToken == null ? "" : "_csrf=" + java.net.URLEncoder.encode(csrfToken, StandardCharsets.UTF_8));
    }
}
