package org.safeguarding.gateway.server;

import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.safeguarding.gateway.core.lookup.AccessHistory;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Resource;
import org.safeguarding.gateway.security.audit.AuditCheckpoints;
import org.safeguarding.gateway.security.audit.AuditExport;
import org.safeguarding.gateway.security.audit.AuditRecord;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.security.audit.ChainVerification;
import org.safeguarding.gateway.security.identity.Callers;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail for information governance: per child, and the chain's verification. Auditor only. */
@RestController
@RequestMapping("/api/v1/audit")
public class AuditController {

    static final String NDJSON = "application/x-ndjson";

    private final AuditTrail audit;
    private final AccessHistory history;
    private final AuditCheckpoints checkpoints;
    private final AccessControl access;
    private final Clock clock;

    public AuditController(AuditTrail audit, AccessHistory history, AuditCheckpoints checkpoints, AccessControl access, Clock clock) {
        this.audit = audit;
        this.history = history;
        this.checkpoints = checkpoints;
        this.access = access;
        this.clock = clock;
    }

    @GetMapping
    public AuditEvents aboutChild(@RequestParam String nhsNumber, @RequestHeader(name = "TraceID", required = false) String traceId) {
        return new AuditEvents(history.everythingAbout(Callers.current(), nhsNumber, traceId).stream().map(AuditEventView::of).toList());
    }

    @GetMapping("/verify")
    public ChainVerification verify(@RequestHeader(name = "TraceID", required = false) String traceId) {
        access.require(Callers.current(), Action.AUDIT_VERIFY, Resource.auditTrail(), traceId);
        return checkpoints.verify();
    }

    /**
     * The whole trail with its signed checkpoints, as JSON lines, for keeping and for checking
     * offline with {@code java -jar gateway-server.jar audit verify} and the gateway's CA certificate.
     *
     * <p>Written on the request's own thread, not as an asynchronous response: an asynchronous response is cancelled,
     * and its thread interrupted mid-read, when the servlet container's async time-out passes (30 s), and years of trail
     * take longer than that to stream. The trail is read a page at a time ({@link AuditTrail#readAll}).
     */
    @GetMapping(value = "/export", produces = NDJSON)
    public void export(@RequestHeader(name = "TraceID", required = false) String traceId, HttpServletResponse response)
            throws IOException {
        access.require(Callers.current(), Action.AUDIT_EXPORT, Resource.auditTrail(), traceId);
        Instant now = clock.instant();
        response.setContentType(NDJSON);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"audit-" + now.toString().replace(':', '-') + ".ndjson\"");
        var signed = checkpoints.all();
        try (OutputStream out = new BufferedOutputStream(response.getOutputStream(), 64 * 1024)) {
            audit.readAll(records -> {
                AuditExport.write(out, now, signed, records);
                return null;
            });
        }
    }

    public record AuditEvents(List<AuditEventView> events) {}

    public record AuditEventView(long seq, Instant time, String subject, String roles, String orgId, String action,
            String resource, String nhsNumber, String outcome, String traceId, String reason) {
        static AuditEventView of(AuditRecord r) {
            var e = r.entry();
            return new AuditEventView(r.seq(), r.time(), e.subject(), e.roles(), e.orgId(), e.action(), e.resource(),
                    e.nhsNumber(), e.outcome(), e.traceId(), e.reason());
        }
    }
}
