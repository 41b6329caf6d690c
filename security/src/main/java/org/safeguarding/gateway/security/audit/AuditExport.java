package org.safeguarding.gateway.security.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trail as a file an auditor can keep and check anywhere: JSON lines, a header, the signed
 * checkpoints, then every record with its links. {@link #verify} needs only the file and the
 * gateway's CA certificate ({@code data/gateway-ca.pem}); it reads the file twice (checkpoints,
 * then records streamed), so exports larger than memory verify too.
 */
public final class AuditExport {

    public static final String FORMAT = "safeguarding-gateway-audit-export/1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditExport() {}

    public static void write(OutputStream out, Instant exportedAt, List<Checkpoint> checkpoints, Stream<AuditRecord> records) {
        try {
            line(out, Map.of("type", "export", "format", FORMAT, "exportedAt", exportedAt.toString()));
            for (Checkpoint c : checkpoints) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("type", "checkpoint");
                fields.put("seq", c.seq());
                fields.put("recordHash", c.recordHash());
                fields.put("signedAt", c.signedAt().toString());
                fields.put("signature", Base64.getEncoder().encodeToString(c.signature()));
                fields.put("timeStampToken", c.timeStampToken() == null ? null : Base64.getEncoder().encodeToString(c.timeStampToken()));
                line(out, fields);
            }
            for (Iterator<AuditRecord> it = records.iterator(); it.hasNext(); ) {
                line(out, recordLine(it.next()));
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit export", e);
        }
    }

    private static Map<String, Object> recordLine(AuditRecord r) {
        AuditEntry e = r.entry();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", "record");
        fields.put("seq", r.seq());
        fields.put("time", r.time().toString());
        fields.put("subject", e.subject());
        fields.put("roles", e.roles());
        fields.put("orgId", e.orgId());
        fields.put("action", e.action());
        fields.put("resource", e.resource());
        fields.put("nhsNumber", e.nhsNumber());
        fields.put("outcome", e.outcome());
        fields.put("traceId", e.traceId());
        fields.put("reason", e.reason());
        if (e.callerName() != null) {
            fields.put("callerName", e.callerName());
        }
        fields.put("previousHash", r.previousHash());
        fields.put("hash", r.hash());
        return fields;
    }

    private static void line(OutputStream out, Map<String, Object> fields) throws IOException {
        out.write(JSON.writeValueAsBytes(fields));
        out.write('\n');
    }

    /** @throws InvalidExportException when the file is not an export this gateway wrote (unreadable line, unknown format) */
    public static ChainVerification verify(Path export, X509Certificate trustedCa) {
        try {
            List<Checkpoint> checkpoints = new ArrayList<>();
            try (Stream<Parsed> lines = parse(export)) {
                lines.filter(p -> p.node().path("type").asString("").equals("checkpoint")).forEach(p -> checkpoints.add(checkpoint(p)));
            }
            try (Stream<Parsed> lines = parse(export)) {
                Iterator<AuditRecord> records = lines.filter(p -> p.node().path("type").asString("").equals("record"))
                        .map(AuditExport::record).iterator();
                return ChainVerifier.verify(records, checkpoints, trustedCa, 0);
            }
        } catch (UncheckedIOException e) {
            throw new InvalidExportException("cannot read " + export + ": " + e.getCause().getMessage());
        }
    }

    private record Parsed(long line, JsonNode node) {}

    /** The file's lines, numbered from 1, the first required to be this format's header. */
    private static Stream<Parsed> parse(Path export) {
        Stream<String> lines;
        try {
            lines = Files.lines(export, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidExportException("cannot read " + export + ": " + e.getMessage());
        }
        AtomicLong number = new AtomicLong();
        return lines.map(text -> {
            Parsed parsed = new Parsed(number.incrementAndGet(), node(number.get(), text));
            if (parsed.line() == 1) {
                requireHeader(parsed);
            }
            return parsed;
        });
    }

    private static JsonNode node(long number, String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new InvalidExportException("line " + number + " is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new InvalidExportException("line " + number + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void requireHeader(Parsed first) {
        if (!FORMAT.equals(first.node().path("format").asString(null))) {
            throw new InvalidExportException("line 1 is not the header of a " + FORMAT + " file");
        }
    }

    private static Checkpoint checkpoint(Parsed p) {
        JsonNode n = p.node();
        try {
            String token = text(n, "timeStampToken");
            return new Checkpoint(n.path("seq").asLong(), required(p, "recordHash"), Instant.parse(required(p, "signedAt")),
                    Base64.getDecoder().decode(required(p, "signature")), token == null ? null : Base64.getDecoder().decode(token));
        } catch (RuntimeException e) {
            throw e instanceof InvalidExportException invalid ? invalid
                    : new InvalidExportException("line " + p.line() + ": unreadable checkpoint (" + e.getMessage() + ")");
        }
    }

    private static AuditRecord record(Parsed p) {
        JsonNode n = p.node();
        try {
            AuditEntry entry = new AuditEntry(text(n, "subject"), text(n, "roles"), text(n, "orgId"), text(n, "action"),
                    text(n, "resource"), text(n, "nhsNumber"), text(n, "outcome"), text(n, "traceId"), text(n, "reason"),
                    text(n, "callerName"));
            return new AuditRecord(n.path("seq").asLong(), Instant.parse(required(p, "time")), entry, required(p, "previousHash"),
                    required(p, "hash"));
        } catch (RuntimeException e) {
            throw e instanceof InvalidExportException invalid ? invalid
                    : new InvalidExportException("line " + p.line() + ": unreadable record (" + e.getMessage() + ")");
        }
    }

    private static String required(Parsed p, String field) {
        String value = text(p.node(), field);
        if (value == null) {
            throw new InvalidExportException("line " + p.line() + ": " + field + " is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** The file is not a readable export (as opposed to an export whose trail does not verify). */
    public static final class InvalidExportException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidExportException(String message) {
            super(message);
        }
    }
}
