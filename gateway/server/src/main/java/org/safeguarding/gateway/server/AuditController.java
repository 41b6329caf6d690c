package org.safeguarding.gateway.server;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.safeguarding.gateway.core.governance.TrailExport;
import org.safeguarding.gateway.core.lookup.AccessHistory;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Resource;
import org.safeguarding.gateway.security.audit.AuditCheckpoints;
import org.safeguarding.gateway.security.audit.AuditRecord;
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

    private final AccessHistory history;
    private final AuditCheckpoints checkpoints;
    private final AccessControl access;
    private final TrailExport export;

    public AuditController(AccessHistory history, AuditCheckpoints checkpoints, AccessControl access, TrailExport export) {
        this.history = history;
        this.checkpoints = checkpoints;
        this.access = access;
        this.export = export;
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

    /** The whole trail as JSON lines ({@link TrailExport}: the console's download is the same). */
    @GetMapping(value = "/export", produces = TrailExport.MEDIA_TYPE)
    public void export(@RequestHeader(name = "TraceID", required = false) String traceId, HttpServletResponse response)
            throws IOException {
        TrailExport.Download download = export.start(Callers.current(), traceId);
        response.setContentType(TrailExport.MEDIA_TYPE);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + download.fileName() + "\"");
        download.writeTo(response.getOutputStream());
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
