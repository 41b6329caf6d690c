package org.safeguarding.gateway.server.support;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A multipart/form-data body built by hand, as an agency's system would send it. */
public final class Multipart {

    private final String boundary = "----gateway-test-" + UUID.randomUUID();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    public Multipart json(String name, String json) {
        return part(name, null, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public Multipart file(String name, String fileName, String contentType, byte[] content) {
        return part(name, fileName, contentType, content);
    }

    /** Any part: without a file name or a Content-Type when they are null (bad input tests send parts askew). */
    public Multipart part(String name, String fileName, String contentType, byte[] content) {
        String header = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"") + (contentType == null ? "" : "\r\nContent-Type: " + contentType)
                + "\r\n\r\n";
        body.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    public HttpRequest.BodyPublisher publisher() {
        return HttpRequest.BodyPublishers.ofByteArray(bytes());
    }

    /** The whole body, closing boundary included. */
    public byte[] bytes() {
        ByteArrayOutputStream complete = new ByteArrayOutputStream();
        complete.writeBytes(body.toByteArray());
        complete.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return complete.toByteArray();
    }
}
