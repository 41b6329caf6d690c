package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.server.support.ConsoleBrowserTest;
import org.safeguarding.gateway.server.support.Keycloak;
import org.safeguarding.gateway.server.support.KeycloakAdmin;
import org.safeguarding.gateway.server.support.Refusals;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A person disabled in Keycloak (a leaver, a suspended account), as an administrator does it through Keycloak's admin
 * API. At the API the gateway is stateless: Keycloak refuses the person's refresh at once, and the access token they
 * hold stops working when it expires, so the window is the token's lifetime. In the console, Keycloak's back-channel
 * logout ends the person's session on the gateway as soon as the administrator ends their Keycloak sessions.
 */
class DisabledPersonIT extends ConsoleBrowserTest {

    /** A password-grant client whose access tokens live this long, so that the test can wait one out. */
    private static final String SHORT_LIVED_CLIENT = "short-lived-cli";
    private static final int LIFESPAN_SECONDS = 10;
    /** The tests' allowance for clock drift ({@code gateway.token-clock-skew}). */
    private static final int CLOCK_SKEW_SECONDS = 1;

    private static final String BACK_CHANNEL = "/logout/connect/back-channel/keycloak";

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aDisabledPersonCannotRefreshAndTheirLastTokenLapsesAtItsExpiry() {
        Tokens.shortLivedPasswordClient(SHORT_LIVED_CLIENT, LIFESPAN_SECONDS);
        String username = "leaver-api-" + System.nanoTime();
        String person = KeycloakAdmin.createPerson(username, "ae-royal-derby", "unscheduled-care");
        JsonNode granted = Tokens.passwordGrant(SHORT_LIVED_CLIENT, username);
        String access = granted.get("access_token").asString();
        JsonNode claims = Tokens.claims(access);
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(LIFESPAN_SECONDS);
        assertThat(api.get("/api/v1/inbox", access).status()).as("before: an A&E clinician's inbox").isEqualTo(200);

        KeycloakAdmin.disable(person);
        assertThat(api.get("/api/v1/inbox", access).status())
                .as("stateless: the token the person holds still verifies until it expires").isEqualTo(200);
        HttpResponse<String> refreshed = Tokens.refresh(SHORT_LIVED_CLIENT, granted.get("refresh_token").asString());
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(400);
        assertThat(refreshed.body()).contains("invalid_grant");

        long lapsesAt = (claims.get("exp").asLong() + CLOCK_SKEW_SECONDS) * 1000;
        await().atMost(Duration.ofSeconds(LIFESPAN_SECONDS + 10)).until(() -> System.currentTimeMillis() > lapsesAt);
        String trace = "disabled-" + System.nanoTime();
        assertThat(api.get("/api/v1/inbox", access, "TraceID", trace).status()).as("after its expiry").isEqualTo(401);
        Refusals.unauthenticatedAudited(audit, trace, "expired");
        String fhirTrace = "disabled-fhir-" + System.nanoTime();
        assertThat(api.careTeams("9997709144", access, "TraceID", fhirTrace).status()).isEqualTo(401);
        Refusals.unauthenticatedAudited(audit, fhirTrace, "expired");
    }

    @Test
    void aPersonSignedOutInKeycloakIsSignedOutOfTheConsoleAtOnce() throws Exception {
        // the demo realm points the console's back-channel logout at :8080; this gateway listens on a free port
        KeycloakAdmin.setClientAttribute("gateway-console", "backchannel.logout.url", api.base() + BACK_CHANNEL);
        browser.signIn(api.base() + "/", "gp.derby");
        String colleague = browser.sessionCookie();
        String username = "leaver-console-" + System.nanoTime();
        String person = KeycloakAdmin.createPerson(username, "ae-royal-derby", "unscheduled-care");
        browser.signIn(api.base() + "/", username);
        String session = browser.sessionCookie();
        assertThat(get("/lookup", session).statusCode()).as("signed in").isEqualTo(200);
        assertThat(sessionsOf(person)).as("the session store indexes the session by the person's subject").isEqualTo(1);

        KeycloakAdmin.disable(person);
        KeycloakAdmin.signOut(person);

        await().atMost(Duration.ofSeconds(10)).until(() -> sessionsOf(person) == 0);
        HttpResponse<String> next = get("/lookup", session);
        assertThat(next.statusCode()).as("the next page goes to sign-in").isEqualTo(302);
        assertThat(next.headers().firstValue("Location").orElseThrow()).startsWith(Keycloak.get().issuer() + "/protocol/openid-connect/auth?");
        assertThat(next.body()).as("no page content").doesNotContain("NHS number");
        assertThat(audit.latest(50)).as("the end audited as the person's").anySatisfy(r -> {
            assertThat(r.entry().action()).isEqualTo("session-end");
            assertThat(r.entry().subject()).contains(username);
            assertThat(r.entry().orgId()).isEqualTo("ae-royal-derby");
            assertThat(r.entry().outcome()).isEqualTo("ended");
        });
        assertThat(get("/", colleague).statusCode()).as("another person's session is not touched").isEqualTo(200);

        browser.driver().get(api.base() + "/lookup");
        assertThat(browser.await("#username").isDisplayed()).as("the browser is asked to sign in again").isTrue();
    }

    @Test
    void aLogoutTokenThatDoesNotVerifyEndsNothing() throws Exception {
        browser.signIn(api.base() + "/", "hv.derby");
        String session = browser.sessionCookie();
        String subject = Tokens.claims(Tokens.user("hv.derby")).get("sub").asString();
        // anyone can reach the endpoint (it needs no session and no form token): only a logout token the console's
        // issuer signed for the console may end anything; here a genuine token of the same Keycloak's master realm
        HttpResponse<String> answer = postForm(BACK_CHANNEL, "", "logout_token=" + Tokens.fromWrongIssuer());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(postForm(BACK_CHANNEL, "", "").statusCode()).as("no logout token").isEqualTo(400);
        assertThat(sessionsOf(subject)).isPositive();
        assertThat(get("/", session).statusCode()).as("still signed in").isEqualTo(200);
    }

    private int sessionsOf(String subject) {
        return jdbc.sql("SELECT count(*) FROM spring_session WHERE principal_name = ?").param(subject).query(Integer.class).single();
    }
}
