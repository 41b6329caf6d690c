package org.safeguarding.gateway.server.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.safeguarding.gateway.core.delivery.mesh.MeshAuthorization;

/**
 * A MESH stand-in for the tests, doing what ../shared/design/MESH.md records of NHS England's mesh-sandbox (which is
 * published on PyPI only and cannot run here): the HMAC token checked on every call (403), an unknown {@code Mex-To}
 * refused with 417 code 12, inbox, download with MESH's headers, acknowledge (the message leaves), tracking, and the
 * sandbox's admin call that puts a non-delivery report in a sender's inbox. In memory, on a free port; test code only.
 */
public final class MeshStandIn implements AutoCloseable {

    private static final Pattern PATH = Pattern.compile("/messageexchange/([^/]+)(/.*)?");
    private static final Pattern TOKEN = Pattern.compile("NHSMESH ([^:]+):([^:]+):(\\d+):(\\d{12}):([0-9a-f]{64})");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);

    /** A message as MESH holds it: in its recipient's inbox until acknowledged, tracked for its sender. */
    public record Message(String id, String type, String from, String to, String workflowId, String localId, String fileName, String subject,
            String contentType, String linkedMessageId, String statusCode, byte[] body) {}

    private final HttpServer server;
    private final boolean tls;
    private final byte[] sharedKey;
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Message>> inboxes = new ConcurrentHashMap<>();
    private final Map<String, String> tracking = new ConcurrentHashMap<>();
    private final Map<String, Message> sentById = new ConcurrentHashMap<>();
    private final AtomicInteger sent = new AtomicInteger();
    /** The registered practice's mailbox by NHS number: what MESH finds in PDS for a {@code GPPROVIDER_...} address. */
    private final Map<String, String> registeredPractices = new ConcurrentHashMap<>();
    private volatile boolean down;
    private final Map<String, String> addressedAs = new ConcurrentHashMap<>();

    private MeshStandIn(byte[] sharedKey, SSLContext tls) throws IOException {
        this.sharedKey = sharedKey;
        if (tls == null) {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } else {
            HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = tls.getDefaultSSLParameters();
                    p.setNeedClientAuth(true);
                    // TLS 1.2: a missing client certificate is refused in the handshake itself, as a test needs it to be
                    p.setProtocols(new String[] {"TLSv1.2"});
                    params.setSSLParameters(p);
                }
            });
            this.server = https;
        }
        this.tls = tls != null;
        server.createContext("/messageexchange/", this::handle);
        server.start();
    }

    public static MeshStandIn start(String sharedKey) {
        return start(sharedKey, null);
    }

    /** Over mutual TLS, as MESH itself: {@code tls} holds the server's certificate and trusts the clients' CA. */
    public static MeshStandIn start(String sharedKey, SSLContext tls) {
        try {
            return new MeshStandIn(sharedKey.getBytes(StandardCharsets.UTF_8), tls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public MeshStandIn mailbox(String id, String password) {
        passwords.put(id, password);
        inboxes.put(id, new LinkedHashMap<>());
        return this;
    }

    /** The child's registered GP practice as PDS would say, for {@code GPPROVIDER_{nhs}_{dob}_{Surname}} addresses. */
    public MeshStandIn registeredPractice(String nhsNumber, String mailbox) {
        registeredPractices.put(nhsNumber, mailbox);
        return this;
    }

    /** The {@code Mex-To} a message was sent with (a GPPROVIDER_ address, or the mailbox). */
    public String addressedAs(String messageId) {
        return addressedAs.get(messageId);
    }

    /** MESH unavailable (every call answered 503, as behind a load balancer with no service) until {@code down(false)}. */
    public void down(boolean down) {
        this.down = down;
    }

    public URI url() {
        return URI.create(tls ? "https://localhost:" + server.getAddress().getPort() : "http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many messages were accepted for sending (a test of "delivered once" counts these). */
    public int sent() {
        return sent.get();
    }

    public List<Message> inbox(String mailbox) {
        synchronized (inboxes.get(mailbox)) {
            return new ArrayList<>(inboxes.get(mailbox).values());
        }
    }

    /** The sandbox's {@code POST /admin/report}: a non-delivery report about {@code linkedMessageId} in its sender's inbox. */
    public void nonDeliveryReport(String linkedMessageId, String code, String description) {
        Message original = sentById.get(linkedMessageId);
        tracking.put(linkedMessageId, "error");
        put(original.from(), new Message(newId(), "REPORT", null, original.from(), original.workflowId(), original.localId(), null, description,
                "application/json", linkedMessageId, code, description.getBytes(StandardCharsets.UTF_8)));
    }

    /** A message sent into {@code to}'s inbox by another system (a GP system's ITK3 response, say), past the API. */
    public String deliver(String from, String to, String workflowId, String contentType, byte[] body) {
        String id = newId();
        put(to, new Message(id, "DATA", from, to, workflowId, null, null, null, contentType, null, null, body));
        return id;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            if (down) {
                answer(x, 503, "Service Unavailable");
                return;
            }
            Matcher path = PATH.matcher(x.getRequestURI().getPath());
            if (!path.matches() || !passwords.containsKey(path.group(1))) {
                answer(x, 404, error("LOOKUP", "06", "Mailbox not found"));
                return;
            }
            String mailbox = path.group(1);
            String rest = path.group(2) == null ? "" : path.group(2);
            if (!authorised(mailbox, x.getRequestHeaders().getFirst("Authorization"))) {
                answer(x, 403, error("AUTH", "02", "Invalid Authentication Token"));
                return;
            }
            String method = x.getRequestMethod();
            if (rest.isEmpty() && method.equals("POST")) {
                answer(x, 200, "");
            } else if (rest.equals("/outbox") && method.equals("POST")) {
                send(x, mailbox);
            } else if (rest.equals("/inbox") && method.equals("GET")) {
                List<String> ids = inbox(mailbox).stream().map(Message::id).toList();
                answer(x, 200, "{\"messages\":[" + String.join(",", ids.stream().map(i -> "\"" + i + "\"").toList())
                        + "],\"links\":{},\"approx_inbox_count\":" + ids.size() + "}");
            } else if (rest.startsWith("/inbox/") && rest.endsWith("/status/acknowledged") && method.equals("PUT")) {
                String id = rest.substring("/inbox/".length(), rest.length() - "/status/acknowledged".length());
                Message gone;
                synchronized (inboxes.get(mailbox)) {
                    gone = inboxes.get(mailbox).remove(id);
                }
                if (gone == null) {
                    answer(x, 404, error("ACK", "20", "Message does not exist"));
                    return;
                }
                tracking.computeIfPresent(id, (k, v) -> "acknowledged");
                answer(x, 200, "");
            } else if (rest.startsWith("/inbox/") && method.equals("GET")) {
                download(x, mailbox, rest.substring("/inbox/".length()));
            } else if (rest.equals("/outbox/tracking") && method.equals("GET")) {
                String id = query(x, "messageID");
                Message m = id == null ? null : sentById.get(id);
                if (m == null || !m.from().equals(mailbox)) {
                    answer(x, 404, error("TRACK", "20", "Message does not exist"));
                    return;
                }
                answer(x, 200, "{\"message_id\":\"" + id + "\",\"local_id\":" + quoted(m.localId()) + ",\"workflow_id\":\"" + m.workflowId()
                        + "\",\"recipient\":\"" + m.to() + "\",\"status_success\":" + !tracking.get(id).equals("error") + ",\"status\":\""
                        + tracking.get(id) + "\"}");
            } else {
                answer(x, 404, error("LOOKUP", "06", "No such call"));
            }
        }
    }

    private void send(HttpExchange x, String from) throws IOException {
        var h = x.getRequestHeaders();
        String to = addressed(h.getFirst("Mex-To"));
        byte[] body = x.getRequestBody().readAllBytes();
        if (to == null || !passwords.containsKey(to)) {
            answer(x, 417, error("SEND", "12", "Unregistered to address"));
            return;
        }
        String id = newId();
        Message m = new Message(id, "DATA", from, to, h.getFirst("Mex-WorkflowID"), h.getFirst("Mex-LocalID"), h.getFirst("Mex-FileName"),
                h.getFirst("Mex-Subject"), h.getFirst("Content-Type"), null, null, body);
        sentById.put(id, m);
        addressedAs.put(id, h.getFirst("Mex-To"));
        tracking.put(id, "accepted");
        put(to, m);
        sent.incrementAndGet();
        answer(x, 202, "{\"message_id\":\"" + id + "\"}");
    }

    /** A mailbox id as it is, or a {@code GPPROVIDER_} address resolved to the child's registered practice (null: none). */
    private String addressed(String to) {
        if (to != null && to.startsWith("GPPROVIDER_")) {
            String[] parts = to.split("_", 4);
            return parts.length == 4 ? registeredPractices.get(parts[1]) : null;
        }
        return to;
    }

    private void download(HttpExchange x, String mailbox, String id) throws IOException {
        Message m;
        synchronized (inboxes.get(mailbox)) {
            m = inboxes.get(mailbox).get(id);
        }
        if (m == null) {
            answer(x, 404, error("DOWNLOAD", "20", "Message does not exist"));
            return;
        }
        var h = x.getResponseHeaders();
        h.add("mex-messagetype", m.type());
        h.add("mex-to", m.to());
        h.add("mex-workflowid", m.workflowId() == null ? "" : m.workflowId());
        h.add("mex-statussuccess", m.statusCode() == null ? "SUCCESS" : "ERROR");
        optional(x, "mex-from", m.from());
        optional(x, "mex-localid", m.localId());
        optional(x, "mex-filename", m.fileName());
        optional(x, "mex-subject", m.subject());
        optional(x, "mex-content-type", m.contentType());
        optional(x, "mex-linkedmsgid", m.linkedMessageId());
        optional(x, "mex-statuscode", m.statusCode());
        x.sendResponseHeaders(200, m.body().length == 0 ? -1 : m.body().length);
        x.getResponseBody().write(m.body());
    }

    /** The token's HMAC recomputed with the mailbox's own password, and its mailbox the path's. */
    private boolean authorised(String mailbox, String header) {
        Matcher t = header == null ? null : TOKEN.matcher(header);
        if (t == null || !t.matches() || !t.group(1).equals(mailbox)) {
            return false;
        }
        String expected = MeshAuthorization.hmac(sharedKey, mailbox + ":" + t.group(2) + ":" + t.group(3) + ":" + passwords.get(mailbox) + ":" + t.group(4));
        return expected.equals(t.group(5));
    }

    private void put(String mailbox, Message m) {
        synchronized (inboxes.get(mailbox)) {
            inboxes.get(mailbox).put(m.id(), m);
        }
    }

    private static String newId() {
        return Instant.now().atZone(ZoneOffset.UTC).format(MINUTE) + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
    }

    private static String query(HttpExchange x, String name) {
        String q = x.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void optional(HttpExchange x, String name, String value) {
        if (value != null) {
            x.getResponseHeaders().add(name, value);
        }
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    private static String error(String event, String code, String message) {
        return "{\"detail\":[{\"event\":\"" + event + "\",\"code\":\"" + code + "\",\"msg\":\"" + message + "\"}]}";
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            x.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
