package org.safeguarding.gateway.server.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real access tokens from the test Keycloak: demo users by password grant, system clients by client credentials. */
public final class Tokens {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(String token, long fetchedAt) {}

    private Tokens() {}

    /** A demo user's token (password "demo"), reused for a minute: tokens live 300 s. */
    public static String user(String username) {
        Cached cached = CACHE.compute(username, (name, old) -> old != null && System.currentTimeMillis() - old.fetchedAt < 60_000
                ? old : new Cached(fetch(Keycloak.get().tokenEndpoint(),
                        Map.of("grant_type", "password", "client_id", "demo-cli", "username", name, "password", "demo")),
                        System.currentTimeMillis()));
        return cached.token();
    }

    public static String system(String clientId) {
        return fetch(Keycloak.get().tokenEndpoint(), Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", "demo-" + clientId + "-secret"));
    }

    /** A genuine token signed by the same Keycloak, but issued by another realm (master). */
    public static String fromWrongIssuer() {
        return fetch(Keycloak.get().baseUrl() + "/realms/master/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", Keycloak.ADMIN_USER, "password", Keycloak.ADMIN_PASSWORD));
    }

    /** The token with one payload claim changed and the signature left as it was. */
    public static String tampered(String token, String claim, String value) {
        String[] parts = token.split("\\.");
        var payload = (tools.jackson.databind.node.ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        payload.put(claim, value);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(payload));
        return parts[0] + "." + forged + "." + parts[2];
    }

    public static JsonNode header(String token) {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
    }

    /** A JWT header of the caller's making, base64url-encoded. */
    public static String encodeHeader(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC-SHA256 of the signing input with the secret's bytes, base64url: the key-confusion forgery's signature. */
    public static String hmacSha256(String signingInput, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
    }

    /** RS256 over the signing input with the given key, base64url. */
    public static String rs256(String signingInput, PrivateKey key) throws Exception {
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    }

    /** The realm's public key of that key id, as PEM text (what a key-confusion attacker would feed to HMAC). */
    public static String realmPublicKeyPem(String kid) throws Exception {
        HttpResponse<String> jwks = HTTP.send(HttpRequest.newBuilder(URI.create(Keycloak.get().issuer() + "/protocol/openid-connect/certs"))
                .build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode key : JSON.readTree(jwks.body()).get("keys")) {
            if (kid.equals(key.get("kid").asString())) {
                byte[] der = Base64.getDecoder().decode(key.get("x5c").get(0).asString());
                X509Certificate certificate = (X509Certificate) CertificateFactory
                        .getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
                return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(certificate.getPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
            }
        }
        throw new IllegalStateException("no key " + kid + " in the realm's JWKS");
    }

    public static JsonNode claims(String token) {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    /**
     * A genuine token that has expired: issued to a probe client whose tokens live one second,
     * created through Keycloak's admin API (the demo realm itself keeps 300 s), then left to lapse.
     */
    public static synchronized String expired(long clockSkewSeconds) {
        String token = probeToken("expiry-probe", 1, true);
        long expiresAt = claims(token).get("exp").asLong();
        while (System.currentTimeMillis() / 1000 <= expiresAt + clockSkewSeconds) {
            Keycloak.sleep(250);
        }
        return token;
    }

    /** A genuine, current token of the right realm that is not meant for the gateway (no audience). */
    public static synchronized String withoutAudience() {
        return probeToken("audience-probe", 300, false);
    }

    /** A system client of another police force (org_id {@code police-elsewhere}, role police), made through the admin API. */
    public static String otherForce() {
        return systemClient("police-elsewhere-probe", "police-elsewhere", "police");
    }

    /** A system client made through the admin API for one organisation and one realm role. */
    public static String systemClient(String clientId, String orgId, String realmRole) {
        return systemClient(clientId, orgId, realmRole, "");
    }

    /** The same, with more protocol mappers (JSON objects, each followed by a comma) on the client. */
    private static synchronized String systemClient(String clientId, String orgId, String realmRole, String moreMappers) {
        probeToken(clientId, 300, true, orgId, moreMappers);
        String base = KeycloakAdmin.realm(Keycloak.REALM);
        JsonNode client = KeycloakAdmin.client(clientId);
        String user = JSON.readTree(KeycloakAdmin.call("GET", base + "/clients/" + client.get("id").asString() + "/service-account-user", null))
                .get("id").asString();
        String role = KeycloakAdmin.call("GET", base + "/roles/" + realmRole, null);
        KeycloakAdmin.call("POST", base + "/users/" + user + "/role-mappings/realm", "[" + role + "]");
        return fetch(Keycloak.get().tokenEndpoint(), Map.of("grant_type", "client_credentials",
                "client_id", clientId, "client_secret", clientId + "-secret"));
    }

    /**
     * A genuine token of the gateway's realm (audience, organisation, role: an A&E system's) carrying a not-before time
     * ({@code nbf}, epoch seconds). Keycloak puts no {@code nbf} in its tokens; a hard-coded claim mapper on the probe
     * client makes it sign one, so the signature is the realm's own.
     */
    public static String notBefore(long epochSeconds) {
        return systemClient("nbf-probe-" + epochSeconds, "ae-royal-derby", "unscheduled-care", """
                {"name":"nbf","protocol":"openid-connect","protocolMapper":"oidc-hardcoded-claim-mapper",
                 "config":{"claim.name":"nbf","claim.value":"%d","jsonType.label":"long","access.token.claim":"true"}},"""
                .formatted(epochSeconds));
    }

    /**
     * A token of another realm ({@code elsewhere}) of the same Keycloak, made through the admin API, that is in every
     * other way what the gateway accepts: audience {@code safeguarding-gateway}, an {@code org_id}, the realm role
     * {@code unscheduled-care}. Only its issuer (and so its signing key) is not the gateway's realm.
     */
    public static synchronized String fromAnotherRealm() {
        KeycloakAdmin.create(Keycloak.get().baseUrl() + "/admin/realms", """
                {"realm":"elsewhere","enabled":true,"roles":{"realm":[{"name":"unscheduled-care"}]},
                 "clients":[{"clientId":"elsewhere-system","enabled":true,"publicClient":false,"secret":"elsewhere-system-secret",
                   "serviceAccountsEnabled":true,"standardFlowEnabled":false,
                   "protocolMappers":[%s
                     {"name":"org_id","protocol":"openid-connect","protocolMapper":"oidc-hardcoded-claim-mapper",
                      "config":{"claim.name":"org_id","claim.value":"ae-royal-derby","jsonType.label":"String","access.token.claim":"true"}}]}],
                 "users":[{"username":"service-account-elsewhere-system","enabled":true,"serviceAccountClientId":"elsewhere-system",
                   "realmRoles":["unscheduled-care"]}]}
                """.formatted(AUDIENCE_MAPPER));
        return fetch(Keycloak.get().baseUrl() + "/realms/elsewhere/protocol/openid-connect/token", Map.of("grant_type", "client_credentials",
                "client_id", "elsewhere-system", "client_secret", "elsewhere-system-secret"));
    }

    /**
     * A public client like {@code demo-cli} (password grant, the {@code org_id} and audience mappers) whose access tokens
     * live {@code lifespanSeconds}: a person's token that lapses within a test. Made through the admin API.
     */
    public static synchronized void shortLivedPasswordClient(String clientId, int lifespanSeconds) {
        KeycloakAdmin.create(KeycloakAdmin.realm(Keycloak.REALM) + "/clients", """
                {"clientId":"%s","enabled":true,"publicClient":true,"directAccessGrantsEnabled":true,"standardFlowEnabled":false,
                 "attributes":{"access.token.lifespan":"%d"},
                 "protocolMappers":[%s
                   {"name":"org_id","protocol":"openid-connect","protocolMapper":"oidc-usermodel-attribute-mapper",
                    "config":{"user.attribute":"org_id","claim.name":"org_id","jsonType.label":"String","access.token.claim":"true"}}]}
                """.formatted(clientId, lifespanSeconds, AUDIENCE_MAPPER));
    }

    /** The token endpoint's whole answer to a password grant (password "demo"): access and refresh token. */
    public static JsonNode passwordGrant(String clientId, String username) {
        HttpResponse<String> answer = tokenEndpoint(Keycloak.get().tokenEndpoint(),
                Map.of("grant_type", "password", "client_id", clientId, "username", username, "password", "demo"));
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("password grant for " + username + " failed: " + answer.statusCode() + " " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    /** The token endpoint's answer to a refresh, whatever it is. */
    public static HttpResponse<String> refresh(String clientId, String refreshToken) {
        return tokenEndpoint(Keycloak.get().tokenEndpoint(), Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", refreshToken));
    }

    private static final String AUDIENCE_MAPPER = """
            {"name":"audience","protocol":"openid-connect","protocolMapper":"oidc-audience-mapper",
             "config":{"included.custom.audience":"safeguarding-gateway","access.token.claim":"true"}},""";

    private static String probeToken(String clientId, int lifespanSeconds, boolean gatewayAudience) {
        return probeToken(clientId, lifespanSeconds, gatewayAudience, "ae-royal-derby", "");
    }

    private static String probeToken(String clientId, int lifespanSeconds, boolean gatewayAudience, String orgId, String moreMappers) {
        String client = """
                {"clientId":"%s","enabled":true,"publicClient":false,"secret":"%s-secret",
                 "serviceAccountsEnabled":true,"standardFlowEnabled":false,"directAccessGrantsEnabled":false,
                 "attributes":{"access.token.lifespan":"%d"},
                 "protocolMappers":[%s%s
                   {"name":"org_id","protocol":"openid-connect","protocolMapper":"oidc-hardcoded-claim-mapper",
                   "config":{"claim.name":"org_id","claim.value":"%s","jsonType.label":"String","access.token.claim":"true"}}]}
                """.formatted(clientId, clientId, lifespanSeconds, gatewayAudience ? AUDIENCE_MAPPER : "", moreMappers, orgId);
        KeycloakAdmin.create(KeycloakAdmin.realm(Keycloak.REALM) + "/clients", client);
        return fetch(Keycloak.get().tokenEndpoint(), Map.of("grant_type", "client_credentials",
                "client_id", clientId, "client_secret", clientId + "-secret"));
    }

    static String fetch(String endpoint, Map<String, String> form) {
        HttpResponse<String> response = tokenEndpoint(endpoint, form);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request to " + endpoint + " failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private static HttpResponse<String> tokenEndpoint(String endpoint, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(endpoint))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
