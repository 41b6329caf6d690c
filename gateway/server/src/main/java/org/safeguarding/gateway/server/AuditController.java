package org.safeguarding.gateway.server;

import java.time.Instant;
import java.util.List;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Resource;
import org.safeguarding.gateway.security.audit.AuditRecord;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.security.audit.ChainVerification;
import org.safeguarding.gateway.security.identity.Callers;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail for information governance: per child, and the chain's verification. Auditor only. */
@RestController
@RequestMapping("/api/v1/audit")
public class AuditController {

    private static final int MAX_EVENTS = 1000;

    private final AuditTrail audit;
    private final AccessControl access;

    public AuditController(AuditTrail audit, AccessControl access) {
        this.audit = audit;
        this.access = access;
    }

    @GetMapping
    public AuditEvents aboutChild(@RequestParam String nhsNumber, @RequestHeader(name = "TraceID", required = false) String traceId) {
        NhsNumber nhs = NhsNumber.parse(nhsNumber);
        access.require(Callers.current(), Action.AUDIT_READ, Resource.child(nhs.value()), traceId);
        return new AuditEvents(audit.aboutChild(nhs.value(), MAX_EVENTS).stream().map(AuditEventView::of).toList());
    }

    @GetMapping("/verify")
    public ChainVerification verify(@RequestHeader(name = "TraceID", required = false) String traceId) {
        access.require(Callers.current(), Action.AUDIT_VERIFY, Resource.auditTrail(), traceId);
        return audit.verify();
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
