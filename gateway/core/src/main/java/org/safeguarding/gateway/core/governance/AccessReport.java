package org.safeguarding.gateway.core.governance;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditRecord;
import org.safeguarding.gateway.security.audit.AuditTrail;

/**
 * "Who looked at this child": every record the audit trail holds about a child that a caller made
 * (lookups, reads, writes, and the refused attempts too), newest first, each organisation named
 * from the agencies directory, and summed per organisation. The gateway's own records (deliveries,
 * escalations, purges) are left out. The auditor may read it for any child; social care of an
 * authority that holds or held a plan for the child, for that child. Reading it is itself recorded,
 * so it lists itself.
 */
public class AccessReport {

    public static final int MAX_ACCESSES = 1000;

    /**
     * One record.
     *
     * @param user    the caller's name (preferred_username, or the client id of a system)
     * @param role    the caller's gateway roles, comma-separated
     * @param purpose the TraceID the caller's system sent (omitted when none)
     * @param reason  the policy's decision, coded (omitted when none)
     */
    public record Access(Instant time, String user, String role, String organisation,
            @JsonInclude(JsonInclude.Include.NON_NULL) String organisationName, String action, String outcome,
            @JsonInclude(JsonInclude.Include.NON_NULL) String purpose, @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {}

    /** The listed accesses of one organisation: how many, and the latest; the organisation most recently seen first. */
    public record ByOrganisation(String organisation, @JsonInclude(JsonInclude.Include.NON_NULL) String organisationName, long count,
            Instant lastAccess) {}

    /** @param truncated true when the child has more than {@link #MAX_ACCESSES} records: only the newest are listed and summed */
    public record Report(String nhsNumber, List<Access> accesses, List<ByOrganisation> byOrganisation, boolean truncated) {}

    private final AccessControl access;
    private final AuditTrail audit;
    private final PlanRegister register;
    private final AgencyDirectory agencies;

    public AccessReport(AccessControl access, AuditTrail audit, PlanRegister register, AgencyDirectory agencies) {
        this.access = access;
        this.audit = audit;
        this.register = register;
        this.agencies = agencies;
    }

    /** @throws NhsNumber.InvalidNhsNumber before any decision, for a malformed or check-digit-invalid number */
    public Report about(Caller caller, String nhsNumberText, String traceId) {
        NhsNumber nhs = NhsNumber.parse(nhsNumberText);
        access.require(caller, Action.ACCESS_REPORT_READ, Resource.childHeldBy(nhs.value(), register.authoritiesHolding(nhs)), traceId);
        List<AuditRecord> records = audit.byCallersAboutChild(nhs.value(), MAX_ACCESSES + 1);
        boolean truncated = records.size() > MAX_ACCESSES;
        List<Access> accesses = new ArrayList<>();
        Map<String, ByOrganisation> byOrganisation = new LinkedHashMap<>();
        for (AuditRecord r : records.subList(0, Math.min(records.size(), MAX_ACCESSES))) {
            AuditEntry e = r.entry();
            String name = agencies.find(e.orgId()).map(Agency::name).orElse(null);
            accesses.add(new Access(r.time(), user(e.subject()), e.roles(), e.orgId(), name, e.action(), e.outcome(), e.traceId(), e.reason()));
            byOrganisation.merge(e.orgId(), new ByOrganisation(e.orgId(), name, 1, r.time()),
                    (latest, older) -> new ByOrganisation(latest.organisation(), latest.organisationName(), latest.count() + 1, latest.lastAccess()));
        }
        return new Report(nhs.value(), accesses, List.copyOf(byOrganisation.values()), truncated);
    }

    /** A caller's record names them "subject (username)" (AuditEntry.decision): the username is what people recognise. */
    static String user(String subject) {
        int open = subject.indexOf(" (");
        return open >= 0 && subject.endsWith(")") ? subject.substring(open + 2, subject.length() - 1) : subject;
    }
}
