package org.safeguarding.gateway.server.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a Keycloak administrator does, through its real admin REST API with the test run's bootstrap admin (a token of
 * the master realm): clients, realms and people made for a test, a person disabled and signed out.
 */
public final class KeycloakAdmin {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private KeycloakAdmin() {}

    /** The admin API's base for a realm: {@code .../admin/realms/{realm}}. */
    public static String realm(String realm) {
        return Keycloak.get().baseUrl() + "/admin/realms/" + realm;
    }

    /** A call that must succeed (2xx); its body. */
    public static String call(String method, String url, String json) {
        HttpResponse<String> response = send(method, url, json);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + url + " failed: " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** Creates what {@code json} describes at {@code url}, or finds it made already by an earlier test (409). */
    public static void create(String url, String json) {
        HttpResponse<String> response = send("POST", url, json);
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new IllegalStateException("could not create at " + url + ": " + response.statusCode() + " " + response.body());
        }
    }

    /**
     * A person of the gateway's realm with password "demo", their organisation's {@code org_id} and one realm role, made
     * as an administrator would (the realm's user profile wants email, first and last name); their id.
     */
    public static String createPerson(String username, String orgId, String realmRole) {
        String base = realm(Keycloak.REALM);
        create(base + "/users", """
                {"username":"%s","enabled":true,"email":"%s@example.org","emailVerified":true,"firstName":"Test","lastName":"Leaver",
                 "attributes":{"org_id":["%s"]},"credentials":[{"type":"password","value":"demo","temporary":false}]}
                """.formatted(username, username, orgId));
        String id = JSON.readTree(call("GET", base + "/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8), null))
                .get(0).get("id").asString();
        call("POST", base + "/users/" + id + "/role-mappings/realm", "[" + call("GET", base + "/roles/" + realmRole, null) + "]");
        return id;
    }

    public static void disable(String userId) {
        call("PUT", realm(Keycloak.REALM) + "/users/" + userId, "{\"enabled\":false}");
    }

    /** Ends every session of the person in Keycloak, which tells each client with a back-channel logout URL. */
    public static void signOut(String userId) {
        call("POST", realm(Keycloak.REALM) + "/users/" + userId + "/logout", null);
    }

    /** A client of the gateway's realm, as the admin API returns it. */
    public static JsonNode client(String clientId) {
        return JSON.readTree(call("GET", realm(Keycloak.REALM) + "/clients?clientId=" + clientId, null)).get(0);
    }

    /** Sets one attribute of a client of the gateway's realm. */
    public static void setClientAttribute(String clientId, String attribute, String value) {
        var client = (tools.jackson.databind.node.ObjectNode) client(clientId);
        ((tools.jackson.databind.node.ObjectNode) client.get("attributes")).put(attribute, value);
        call("PUT", realm(Keycloak.REALM) + "/clients/" + client.get("id").asString(), JSON.writeValueAsString(client));
    }

    private static HttpResponse<String> send(String method, String url, String json) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + Tokens.fromWrongIssuer())
                    .header("Content-Type", "application/json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
