package org.safeguarding.gateway.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A police force's DV notifications, as its system posts them. */
public final class Incidents {

    private Incidents() {}

    /** One child (on a plan, by NHS number) at the Derby primary school, an hour ago: accepted; its id. */
    public static String notifiedFor(Api api, String nhsNumber) {
        Api.Response accepted = submit(api, "DBY-" + UUID.randomUUID(), nhsNumber);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().get("id").asString();
    }

    /**
     * Posts the notification with the force's reference as its Idempotency-Key (prefixed), as a force's system does: sending
     * it again after a failed answer can never make a second notification. Any further headers (name, value, ...) go with it.
     */
    public static Api.Response submit(Api api, String reference, String nhsNumber, String... headers) {
        return submitAs(api, Tokens.user("police.derbyshire"), reference, nhsNumber, headers);
    }

    /** The same notification posted with the token given (any caller, allowed or not): the gateway's answer. */
    public static Api.Response submitAs(Api api, String token, String reference, String nhsNumber, String... headers) {
        String body = """
                {"forceReference":"%s","incidentDateTime":"%s","riskLevel":"standard","location":{"postcode":"DE1 2AB"},
                 "summary":"Officers attended a domestic incident.",
                 "childrenPresent":[{"nhsNumber":"%s","givenName":"Test","familyName":"Child","birthDate":"2016-04-01",
                   "schoolId":"school-derby-primary"}],
                 "adultsInvolved":[{"givenName":"Adam","familyName":"Adult","relationship":"father"}],
                 "officer":{"name":"PC Jane Doe","collarNumber":"DC1234","phone":"01632 960500"}}
                """.formatted(reference, Instant.now().minus(Duration.ofHours(1)), nhsNumber);
        HttpRequest.Builder request = api.request("/api/v1/dv-notifications", token, headers)
                .header("Content-Type", "application/json").header("Idempotency-Key", "k-" + reference);
        return api.send(request.POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
