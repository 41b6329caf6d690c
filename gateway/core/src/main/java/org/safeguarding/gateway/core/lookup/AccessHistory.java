package org.safeguarding.gateway.core.lookup;

import java.util.List;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;
import org.safeguarding.gateway.security.audit.AuditRecord;
import org.safeguarding.gateway.security.audit.AuditTrail;

/**
 * Who has looked this child up, read from the audit trail: for clinicians (as CP-IS), the recent
 * notifying lookups; for the auditor, every event touching the child, allowed or denied.
 */
public class AccessHistory {

    public static final int MOST_RECENT = 25;
    public static final int MOST_FOR_AUDIT = 1000;

    private final AccessControl access;
    private final AuditTrail audit;

    public AccessHistory(AccessControl access, AuditTrail audit) {
        this.access = access;
        this.audit = audit;
    }

    public List<AuditRecord> recentLookups(Caller caller, String nhsNumberText, String traceId) {
        NhsNumber nhs = NhsNumber.parse(nhsNumberText);
        access.require(caller, Action.ACCESS_HISTORY_READ, Resource.child(nhs.value()), traceId);
        return audit.recentAllowed(nhs.value(), Action.CP_LOOKUP.code(), MOST_RECENT);
    }

    /** The auditor's view, for {@code GET /api/v1/audit} and the FHIR export: every record about the child, newest first. */
    public List<AuditRecord> everythingAbout(Caller caller, String nhsNumberText, String traceId) {
        NhsNumber nhs = NhsNumber.parse(nhsNumberText);
        access.require(caller, Action.AUDIT_READ, Resource.child(nhs.value()), traceId);
        return audit.aboutChild(nhs.value(), MOST_FOR_AUDIT);
    }
}
