package org.safeguarding.gateway.core.delivery.mesh;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's own MESH mailbox, through MESH API v2 as NHS England's sandbox answers it (../shared/design/MESH.md):
 * send to another mailbox, list and download what arrived, acknowledge it (it leaves the inbox), and track what was
 * sent. Every call carries a fresh {@link MeshAuthorization}. A refusal is thrown as {@link MeshRefused} with MESH's own
 * code and words; a transport failure as {@link IOException}, for the error policy to retry.
 */
public class MeshClient {

    private static final String V2 = "application/vnd.mesh.v2+json";

    /** Where the mailbox is and what proves it is ours; the secrets come from configuration, never the repository. */
    public record Mailbox(URI url, String id, String password, byte[] sharedKey) {}

    /** What to send: to whom, under which workflow, and the headers MESH carries with it. */
    public record Outgoing(String to, String workflowId, String fileName, String localId, String subject, String contentType, byte[] body) {}

    /** A message downloaded from the inbox: DATA, or a REPORT (a non-delivery report names the message it is about). */
    public record Incoming(String id, String messageType, String from, String workflowId, String localId, String linkedMessageId,
            String statusCode, String statusSuccess, String contentType, byte[] body) {

        public boolean isNonDeliveryReport() {
            return "REPORT".equalsIgnoreCase(messageType) && "ERROR".equalsIgnoreCase(statusSuccess);
        }
    }

    /** MESH said no: its HTTP status, and its code and message where it gave them (417 "12 Unregistered to address"). */
    public static class MeshRefused extends RuntimeException {
        private final int status;
        private final String code;

        public MeshRefused(int status, String code, String message) {
            super("MESH answered " + status + (code == null ? "" : " code " + code) + ": " + message);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    private final Mailbox mailbox;
    private final HttpClient http;
    private final JsonMapper json;
    private final Clock clock;
    private final AtomicLong count = new AtomicLong();

    public MeshClient(Mailbox mailbox, HttpClient http, JsonMapper json, Clock clock) {
        this.mailbox = mailbox;
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    /** The handshake MESH asks for at start: it also proves the mailbox id, password and shared key right (or names them wrong). */
    public void handshake() throws IOException, InterruptedException {
        call(request("").POST(HttpRequest.BodyPublishers.noBody()), 200);
    }

    /** Sends in one chunk; MESH's message id. */
    public String send(Outgoing m) throws IOException, InterruptedException {
        HttpRequest.Builder request = request("/outbox").header("Mex-To", m.to()).header("Mex-WorkflowID", m.workflowId())
                .header("Mex-From", mailbox.id()).header("Mex-Content-Compressed", "N").header("Mex-Chunk-Range", "1:1")
                .header("Content-Type", m.contentType() == null ? "application/octet-stream" : m.contentType());
        optional(request, "Mex-FileName", m.fileName());
        optional(request, "Mex-LocalID", m.localId());
        optional(request, "Mex-Subject", m.subject());
        return json.readTree(call(request.POST(HttpRequest.BodyPublishers.ofByteArray(m.body())), 202).body()).get("message_id").asString();
    }

    /** The ids of the messages waiting in the inbox, oldest first. */
    public List<String> inbox() throws IOException, InterruptedException {
        JsonNode answer = json.readTree(call(request("/inbox").GET(), 200).body());
        List<String> ids = new ArrayList<>();
        answer.get("messages").forEach(id -> ids.add(id.asString()));
        return ids;
    }

    public Incoming download(String id) throws IOException, InterruptedException {
        HttpResponse<byte[]> answer = call(request("/inbox/" + encode(id)).GET(), 200);
        var h = answer.headers();
        return new Incoming(id, header(h, "mex-messagetype"), header(h, "mex-from"), header(h, "mex-workflowid"), header(h, "mex-localid"),
                header(h, "mex-linkedmsgid"), header(h, "mex-statuscode"), header(h, "mex-statussuccess"), header(h, "mex-content-type"),
                answer.body());
    }

    /** Acknowledged, the message leaves the inbox: done only once it has been acted on. */
    public void acknowledge(String id) throws IOException, InterruptedException {
        call(request("/inbox/" + encode(id) + "/status/acknowledged").PUT(HttpRequest.BodyPublishers.noBody()), 200);
    }

    /** What MESH knows of a message sent: its status ("accepted", "acknowledged", ...), or empty when it knows none. */
    public Optional<String> tracking(String messageId) throws IOException, InterruptedException {
        try {
            JsonNode answer = json.readTree(call(request("/outbox/tracking?messageID=" + encode(messageId)).GET(), 200).body());
            return Optional.ofNullable(answer.get("status")).map(JsonNode::asString);
        } catch (MeshRefused e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(mailbox.url().toString().replaceAll("/+$", "") + "/messageexchange/" + encode(mailbox.id()) + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", V2)
                .header("Authorization", MeshAuthorization.header(mailbox.id(), mailbox.password(), mailbox.sharedKey(),
                        UUID.randomUUID().toString(), count.getAndIncrement(), clock.instant()));
    }

    private HttpResponse<byte[]> call(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() == expected) {
            return answer;
        }
        String code = null;
        String message = new String(answer.body(), StandardCharsets.UTF_8);
        try {
            JsonNode detail = json.readTree(answer.body()).path("detail").path(0);
            if (!detail.isMissingNode()) {
                code = detail.path("code").asString(null);
                message = detail.path("msg").asString(message);
            }
        } catch (RuntimeException notJson) {
            // MESH's errors are JSON; a proxy's may not be: its body is the message
        }
        throw new MeshRefused(answer.statusCode(), code, message);
    }

    private static void optional(HttpRequest.Builder request, String name, String value) {
        if (value != null && !value.isBlank()) {
            request.header(name, value);
        }
    }

    private static String header(java.net.http.HttpHeaders headers, String name) {
        return headers.firstValue(name).orElse(null);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

}
