package org.safeguarding.gateway.console;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.safeguarding.gateway.core.governance.AccessReport;
import org.safeguarding.gateway.core.governance.TrailExport;
import org.springframework.http.HttpHeaders;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Resource;
import org.safeguarding.gateway.security.audit.AuditCheckpoints;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Information governance: who looked at a child (every access and refusal the trail holds about it), and whether the
 * trail is intact (the hash chain and the signed checkpoints). The same core services as the API, decided and
 * recorded alike.
 */
@Controller
class AuditPages {

    private final AccessReport report;
    private final AuditCheckpoints checkpoints;
    private final AccessControl access;
    private final TrailExport export;

    AuditPages(AccessReport report, AuditCheckpoints checkpoints, AccessControl access, TrailExport export) {
        this.report = report;
        this.checkpoints = checkpoints;
        this.access = access;
        this.export = export;
    }

    @GetMapping("/audit")
    String page(@AuthenticationPrincipal ConsoleUser user) {
        access.requireToOffer(user.caller(), Action.AUDIT_READ, Resource.auditTrail(), null);
        return "audit";
    }

    @PostMapping("/audit/access-report")
    String whoLooked(@AuthenticationPrincipal ConsoleUser user, @RequestParam(name = "nhsNumber", required = false) String nhsNumber,
            Model model, HttpServletResponse response) {
        access.requireToOffer(user.caller(), Action.AUDIT_READ, Resource.auditTrail(), null);
        model.addAttribute("nhsNumber", nhsNumber);
        try {
            AccessReport.Report found = report.about(user.caller(), nhsNumber, null);
            model.addAttribute("report", found);
            model.addAttribute("checked", LookupPages.spaced(found.nhsNumber()));
        } catch (NhsNumber.InvalidNhsNumber e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("nhsNumberError", LookupPages.sentence(e.reason()));
        }
        return "audit";
    }

    @PostMapping("/audit/verify")
    String verify(@AuthenticationPrincipal ConsoleUser user, Model model) {
        access.require(user.caller(), Action.AUDIT_VERIFY, Resource.auditTrail(), null);
        model.addAttribute("verification", checkpoints.verify());
        return "audit";
    }

    /** The trail to keep: the API's export, as a download (a GET: it changes nothing, and is recorded as the API's is). */
    @GetMapping("/audit/export")
    void download(@AuthenticationPrincipal ConsoleUser user, HttpServletResponse response) throws IOException {
        TrailExport.Download download = export.start(user.caller(), null);
        response.setContentType(TrailExport.MEDIA_TYPE);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + download.fileName() + "\"");
        download.writeTo(response.getOutputStream());
    }
}
