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
    public static synchronized String systemClient(String clientId, String orgId, String realmRole) {
        probeToken(clientId, 300, true, orgId);
        String admin = fromWrongIssuer();
        String base = Keycloak.get().baseUrl() + "/admin/realms/" + Keycloak.REALM;
        JsonNode client = JSON.readTree(adminCall("GET", base + "/clients?clientId=" + clientId, admin, null)).get(0);
        String user = JSON.readTree(adminCall("GET", base + "/clients/" + client.get("id").asString() + "/service-account-user", admin, null))
                .get("id").asString();
        String role = adminCall("GET", base + "/roles/" + realmRole, admin, null);
        adminCall("POST", base + "/users/" + user + "/role-mappings/realm", admin, "[" + role + "]");
        return fetch(Keycloak.get().tokenEndpoint(), Map.of("grant_type", "client_credentials",
                "client_id", clientId, "client_secret", clientId + "-secret"));
    }

    private static String adminCall(String method, String url, String adminToken, String json) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + url + " failed: " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String probeToken(String clientId, int lifespanSeconds, boolean gatewayAudience) {
        return probeToken(clientId, lifespanSeconds, gatewayAudience, "ae-royal-derby");
    }

    private static String probeToken(String clientId, int lifespanSeconds, boolean gatewayAudience, String orgId) {
        String audienceMapper = gatewayAudience ? """
                {"name":"audience","protocol":"openid-connect","protocolMapper":"oidc-audience-mapper",
                 "config":{"included.custom.audience":"safeguarding-gateway","access.token.claim":"true"}},""" : "";
        String client = """
                {"clientId":"%s","enabled":true,"publicClient":false,"secret":"%s-secret",
                 "serviceAccountsEnabled":true,"standardFlowEnabled":false,"directAccessGrantsEnabled":false,
                 "attributes":{"access.token.lifespan":"%d"},
                 "protocolMappers":[%s
                   {"name":"org_id","protocol":"openid-connect","protocolMapper":"oidc-hardcoded-claim-mapper",
                   "config":{"claim.name":"org_id","claim.value":"%s","jsonType.label":"String","access.token.claim":"true"}}]}
                """.formatted(clientId, clientId, lifespanSeconds, audienceMapper, orgId);
        try {
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(
                    URI.create(Keycloak.get().baseUrl() + "/admin/realms/" + Keycloak.REALM + "/clients"))
                    .header("Authorization", "Bearer " + fromWrongIssuer()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(client)).build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201 && created.statusCode() != 409) {
                throw new IllegalStateException("could not create probe client " + clientId + ": " + created.statusCode() + " " + created.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return fetch(Keycloak.get().tokenEndpoint(), Map.of("grant_type", "client_credentials",
                "client_id", clientId, "client_secret", clientId + "-secret"));
    }

    static String fetch(String endpoint, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token request to " + endpoint + " failed: " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body()).get("access_token").asString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
