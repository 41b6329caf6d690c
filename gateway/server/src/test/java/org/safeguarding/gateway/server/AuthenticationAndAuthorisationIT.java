package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Keycloak;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Refusals;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** 401 for every token that does not verify, 403 for every role the policy refuses; each refusal audited. */
class AuthenticationAndAuthorisationIT extends GatewayIntegrationTest {

    private static final String DEMO_CHILD = "9997709144";

    @Autowired
    AuditTrail audit;

    @Test
    void noTokenIs401AndAudited() {
        String trace = "no-token-" + System.nanoTime();
        Api.Response response = api.careTeams(DEMO_CHILD, null, "TraceID", trace);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/fhir+json");
        assertThat(response.json().get("resourceType").asString()).isEqualTo("OperationOutcome");
        assertUnauthenticatedAudited(trace, "no bearer token");

        Api.Response rest = api.get("/api/v1/inbox", null);
        assertThat(rest.status()).isEqualTo(401);
        assertThat(rest.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anExpiredTokenIs401AndAudited() {
        String trace = "expired-" + System.nanoTime();
        String expired = Tokens.expired(1);
        assertThat(api.careTeams(DEMO_CHILD, expired, "TraceID", trace).status()).isEqualTo(401);
        assertUnauthenticatedAudited(trace, "expired");
    }

    @Test
    void aTamperedTokenIs401AndAudited() {
        String trace = "tampered-" + System.nanoTime();
        String forged = Tokens.tampered(Tokens.user("sw.nottingham"), "org_id", "la-derby");
        assertThat(api.get("/api/v1/inbox", forged, "TraceID", trace).status()).isEqualTo(401);
        assertUnauthenticatedAudited(trace, "");
    }

    @Test
    void aTokenFromAnotherIssuerIs401AndAudited() {
        String trace = "wrong-issuer-" + System.nanoTime();
        String foreign = Tokens.fromWrongIssuer();
        assertThat(Tokens.claims(foreign).get("iss").asString()).endsWith("/realms/master");
        assertThat(api.careTeams(DEMO_CHILD, foreign, "TraceID", trace).status()).isEqualTo(401);
        assertUnauthenticatedAudited(trace, "");
    }

    /**
     * A token not valid yet ({@code nbf} an hour ahead), signed by the realm itself: 401 on the API and FHIR, audited.
     * The same token with {@code nbf} a minute past is accepted, so the refusal is the not-before time's and nothing else's.
     */
    @Test
    void aTokenNotYetValidIs401AndAudited() {
        long now = System.currentTimeMillis() / 1000;
        String early = Tokens.notBefore(now + 3600);
        assertThat(Tokens.claims(early).get("nbf").asLong()).isEqualTo(now + 3600);
        String trace = "not-before-" + System.nanoTime();
        Api.Response rest = api.get("/api/v1/inbox", early, "TraceID", trace);
        assertThat(rest.status()).as(rest.toString()).isEqualTo(401);
        assertThat(rest.contentType()).startsWith("application/problem+json");
        assertUnauthenticatedAudited(trace, "used before");
        String fhirTrace = "not-before-fhir-" + System.nanoTime();
        assertThat(api.careTeams(DEMO_CHILD, early, "TraceID", fhirTrace).status()).isEqualTo(401);
        assertUnauthenticatedAudited(fhirTrace, "used before");

        String valid = Tokens.notBefore(now - 60);
        assertThat(Tokens.claims(valid).get("nbf").asLong()).isEqualTo(now - 60);
        assertThat(api.get("/api/v1/inbox", valid).status()).as("nbf a minute past").isEqualTo(200);
        assertThat(api.careTeams(DEMO_CHILD, valid).status()).as("nbf a minute past, on FHIR").isEqualTo(200);
    }

    /**
     * A token of a second realm on the same Keycloak, made to look like the gateway's in every claim it reads (audience,
     * organisation, role): 401 on the API and FHIR, audited. The master realm's token ({@link #aTokenFromAnotherIssuerIs401AndAudited})
     * lacks the audience and roles besides; this one differs only in its realm.
     */
    @Test
    void aTokenOfAnotherRealmIs401AndAudited() {
        String foreign = Tokens.fromAnotherRealm();
        JsonNode claims = Tokens.claims(foreign);
        assertThat(claims.get("iss").asString()).isEqualTo(Keycloak.get().baseUrl() + "/realms/elsewhere");
        assertThat(claims.get("aud").toString()).contains("safeguarding-gateway");
        assertThat(claims.get("org_id").asString()).isEqualTo("ae-royal-derby");
        assertThat(claims.get("realm_access").get("roles").toString()).contains("unscheduled-care");
        String trace = "other-realm-" + System.nanoTime();
        assertThat(api.get("/api/v1/inbox", foreign, "TraceID", trace).status()).isEqualTo(401);
        assertUnauthenticatedAudited(trace, "");
        String fhirTrace = "other-realm-fhir-" + System.nanoTime();
        assertThat(api.careTeams(DEMO_CHILD, foreign, "TraceID", fhirTrace).status()).isEqualTo(401);
        assertUnauthenticatedAudited(fhirTrace, "");
    }

    @Test
    void aTokenForAnotherAudienceIs401AndAudited() {
        String trace = "audience-" + System.nanoTime();
        String token = Tokens.withoutAudience();
        assertThat(Tokens.claims(token).toString()).doesNotContain("safeguarding-gateway");
        assertThat(api.careTeams(DEMO_CHILD, token, "TraceID", trace).status()).isEqualTo(401);
        assertUnauthenticatedAudited(trace, "audience");
    }

    /**
     * Tokens forged from a genuine one, each the shape of a known attack on JWT libraries: {@code alg: none} with no
     * signature; HS256 "signed" with the realm's public key as the HMAC secret (key confusion); a key id the realm's JWKS
     * does not hold, signed with the attacker's own RSA key; the genuine header and payload of one user with the signature
     * of another's token. Each is 401 and audited as an authentication refused.
     */
    @Test
    void forgedTokensAre401AndAudited() throws Exception {
        String genuine = Tokens.user("sw.derby");
        String[] parts = genuine.split("\\.");
        JsonNode header = Tokens.header(genuine);
        String kid = header.get("kid").asString();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair attackers = generator.generateKeyPair();
        Map<String, String> forgeries = new LinkedHashMap<>();
        forgeries.put("alg-none", Tokens.encodeHeader("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
        String hs256 = Tokens.encodeHeader("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}") + "." + parts[1];
        forgeries.put("hs256-with-public-key", hs256 + "." + Tokens.hmacSha256(hs256, Tokens.realmPublicKeyPem(kid)));
        String unknownKid = Tokens.encodeHeader("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"attackers-key\"}") + "." + parts[1];
        forgeries.put("unknown-kid", unknownKid + "." + Tokens.rs256(unknownKid, attackers.getPrivate()));
        forgeries.put("signature-of-another-token", parts[0] + "." + parts[1] + "." + Tokens.user("sw.nottingham").split("\\.")[2]);
        for (var forgery : forgeries.entrySet()) {
            String trace = forgery.getKey() + "-" + System.nanoTime();
            Api.Response answer = api.get("/api/v1/inbox", forgery.getValue(), "TraceID", trace);
            assertThat(answer.status()).as(forgery.getKey() + ": " + answer).isEqualTo(401);
            assertThat(api.careTeams(DEMO_CHILD, forgery.getValue()).status()).as(forgery.getKey() + " on FHIR").isEqualTo(401);
            assertUnauthenticatedAudited(trace, "");
        }
        assertThat(api.get("/api/v1/inbox", genuine).status()).as("the genuine token they were made from").isEqualTo(200);
    }

    @Test
    void rolesThePolicyRefusesAre403AndAudited() {
        String nhs = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status())
                .isEqualTo(201);

        Api.Response nobody = api.careTeams(nhs, Tokens.user("nobody"));
        assertThat(nobody.status()).isEqualTo(403);
        assertThat(nobody.json().get("resourceType").asString()).isEqualTo("OperationOutcome");
        assertThat(api.careTeams(nhs, Tokens.user("police.derbyshire")).status()).isEqualTo(403);
        assertThat(api.careTeams(nhs, Tokens.user("ae.clinician"), "IsUnscheduledAccessEvent", "false").status())
                .as("a silent read is for safeguarding-health only").isEqualTo(403);
        assertThat(api.careTeams(nhs, Tokens.user("safeguarding.nurse"), "IsUnscheduledAccessEvent", "false").status())
                .isEqualTo(200);
        Api.Response otherLa = api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.nottingham"), Plans.json(nhs, "CPP", "la-derby"));
        assertThat(otherLa.status()).isEqualTo(403);
        assertThat(otherLa.contentType()).startsWith("application/problem+json");
        assertThat(otherLa.json().get("code").asString()).isEqualTo("OTHER_ORGANISATION");
        assertThat(api.get("/fhir/AuditEvent?patient:identifier=" + Api.NHS + "|" + nhs, Tokens.user("gp.derby")).status())
                .as("access history is for unscheduled care and safeguarding health").isEqualTo(403);

        List<JsonNode> denied = auditedEvents(nhs).stream().filter(e -> e.get("outcome").asString().equals("denied")).toList();
        assertThat(denied).extracting(e -> e.get("action").asString() + " by " + e.get("roles").asString())
                .contains("cp-lookup by ", "cp-lookup by police", "cp-lookup-silent by unscheduled-care",
                        "plan-write by social-care", "access-history-read by gp");
        assertThat(denied).allSatisfy(e -> assertThat(e.get("reason").asString()).isNotBlank());
    }

    @Test
    void anotherLocalAuthorityCanNeitherOverwriteNorDeleteAPlan() {
        String nhs = Plans.freshNhsNumber();
        String planId = Plans.id();
        assertThat(api.put("/api/v1/plans/" + planId, Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status()).isEqualTo(201);
        assertThat(api.put("/api/v1/plans/" + planId, Tokens.user("sw.nottingham"), Plans.json(nhs, "CPP", "la-nottingham")).status())
                .as("taking over another authority's plan by PUT").isEqualTo(403);
        assertThat(api.delete("/api/v1/plans/" + planId, Tokens.user("sw.nottingham")).status()).isEqualTo(403);
        assertThat(api.delete("/api/v1/plans/" + planId, Tokens.user("police.derbyshire")).status()).isEqualTo(403);
        var team = api.careTeams(nhs, Tokens.user("ae.clinician")).json().get("entry").get(0).get("resource");
        assertThat(team.get("contained").get(0).get("identifier").get(0).get("value").asString()).isEqualTo("la-derby");
    }

    @Test
    void systemClientsAuthenticateByClientCredentials() {
        String nhs = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.system("la-derby-system"), Plans.json(nhs, "CPP", "la-derby")).status())
                .isEqualTo(201);
        assertThat(api.careTeams(nhs, Tokens.system("ae-system")).json().get("total").asInt()).isEqualTo(1);
        assertThat(api.careTeams(nhs, Tokens.system("police-system")).status()).isEqualTo(403);
    }

    @Test
    void theAuditTrailIsForAuditorsOnly() {
        assertThat(api.get("/api/v1/audit/verify", Tokens.user("ops")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/audit?nhsNumber=" + DEMO_CHILD, Tokens.user("sw.derby")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/audit/verify", Tokens.user("auditor")).status()).isEqualTo(200);
    }

    @Test
    void publicEndpointsNeedNoToken() {
        Api.Response metadata = api.get("/fhir/metadata", null);
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(metadata.json().get("resourceType").asString()).isEqualTo("CapabilityStatement");
        assertThat(api.get("/actuator/health", null).json().get("status").asString()).isEqualTo("UP");
    }

    private List<JsonNode> auditedEvents(String nhs) {
        JsonNode events = api.get("/api/v1/audit?nhsNumber=" + nhs, Tokens.user("auditor")).json().get("events");
        return StreamSupport.stream(events.spliterator(), false).toList();
    }

    private void assertUnauthenticatedAudited(String traceId, String reasonContains) {
        Refusals.unauthenticatedAudited(audit, traceId, reasonContains);
    }
}
