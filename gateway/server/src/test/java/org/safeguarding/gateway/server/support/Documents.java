package org.safeguarding.gateway.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Documents as social care sends them through the API, for tests that need a copy on its way to a recipient. */
public final class Documents {

    private Documents() {}

    /** Synthetic conference minutes for a la-derby plan, sent by its social worker to the recipients named: accepted; its id. */
    public static String minutesSent(Api api, String planId, String nhsNumber, String... recipients) {
        return accepted(minutes(api, Tokens.user("sw.derby"), planId, nhsNumber, recipients));
    }

    /** Synthetic conference minutes posted with the token given (any caller, allowed or not): the gateway's answer. */
    public static Api.Response minutes(Api api, String token, String planId, String nhsNumber, String... recipients) {
        return send(api, token, "conference-minutes", planId, nhsNumber, "minutes.txt", "text/plain",
                "Synthetic minutes of a review conference".getBytes(StandardCharsets.UTF_8), recipients);
    }

    /** A document of any kind and content, sent by la-derby's social worker to the recipients named: accepted; its id. */
    public static String sent(Api api, String kind, String planId, String nhsNumber, String fileName, String contentType, byte[] content,
            String... recipients) {
        return accepted(send(api, Tokens.user("sw.derby"), kind, planId, nhsNumber, fileName, contentType, content, recipients));
    }

    /** The id of an accepted document. */
    public static String accepted(Api.Response sent) {
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        return sent.json().get("id").asString();
    }

    private static Api.Response send(Api api, String token, String kind, String planId, String nhsNumber, String fileName,
            String contentType, byte[] content, String... recipients) {
        String metadata = "{\"kind\":\"" + kind + "\",\"planId\":\"" + planId + "\",\"nhsNumber\":\"" + nhsNumber
                + "\",\"title\":\"Review conference\",\"recipients\":["
                + Arrays.stream(recipients).map(r -> "\"" + r + "\"").collect(Collectors.joining(",")) + "]}";
        Multipart body = new Multipart().json("metadata", metadata).file("file", fileName, contentType, content);
        return api.send(api.request("/api/v1/documents", token, "Content-Type", body.contentType()).POST(body.publisher()));
    }
}
