package org.safeguarding.gateway.server.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import org.safeguarding.gateway.security.audit.TimeStampResponder;

/**
 * A time-stamp authority over real HTTP for tests: a {@link TimeStampResponder} ({@code CN=Local test TSA}) behind a
 * JDK HttpServer on a free loopback port, at {@link #url()}. Answers a POST of {@code application/timestamp-query} with
 * 200 {@code application/timestamp-reply}; other methods 405, other content types 415, other paths 404. Can be told to
 * answer every request with some other status and content type, to play a misconfigured proxy.
 */
public final class LocalTimeStampAuthority implements AutoCloseable {

    private static final String PATH = "/tsa";

    private final HttpServer server;
    private final TimeStampResponder responder;
    private final AtomicInteger served = new AtomicInteger();
    private volatile Misbehaviour misbehaviour;

    private record Misbehaviour(int status, String contentType) {}

    private LocalTimeStampAuthority(HttpServer server, TimeStampResponder responder) {
        this.server = server;
        this.responder = responder;
    }

    public static LocalTimeStampAuthority start() {
        TimeStampResponder responder = TimeStampResponder.create("Local test TSA");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalTimeStampAuthority tsa = new LocalTimeStampAuthority(server, responder);
        server.createContext(PATH, tsa::handle);
        server.start();
        return tsa;
    }

    public URI url() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + PATH);
    }

    public X509Certificate certificate() {
        return responder.certificate();
    }

    /** Requests answered with a time-stamp reply (granted or not); misbehaving answers and refusals do not count. */
    public int requestsServed() {
        return served.get();
    }

    /** From now on every request is answered with this status and content type (null: none) and an HTML body. */
    public void misbehave(int status, String contentType) {
        misbehaviour = new Misbehaviour(status, contentType);
    }

    public void behave() {
        misbehaviour = null;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] request = exchange.getRequestBody().readAllBytes();
            Misbehaviour now = misbehaviour;
            if (now != null) {
                if (now.contentType() != null) {
                    exchange.getResponseHeaders().set("Content-Type", now.contentType());
                }
                send(exchange, now.status(), "<html><body>not a TSA</body></html>".getBytes(StandardCharsets.UTF_8));
            } else if (!PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, null);
            } else if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                send(exchange, 405, null);
            } else if (!"application/timestamp-query".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                send(exchange, 415, null);
            } else {
                byte[] reply = responder.exchange(request);
                served.incrementAndGet();
                exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
                send(exchange, 200, reply);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body == null ? -1 : body.length);
        if (body != null) {
            exchange.getResponseBody().write(body);
        }
    }
}
