package org.safeguarding.gateway.server;

import org.safeguarding.gateway.core.governance.AccessReport;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.identity.Callers;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Who looked at a child, refusals included: the auditor, or social care of an authority holding or having held a plan for it. */
@RestController
public class AccessReportController {

    private final AccessReport report;

    public AccessReportController(AccessReport report) {
        this.report = report;
    }

    @GetMapping("/api/v1/access-report")
    public AccessReport.Report accessReport(@RequestParam(required = false) String nhsNumber,
            @RequestHeader(name = "TraceID", required = false) String traceId) {
        if (nhsNumber == null) {
            throw InvalidInput.of("nhsNumber", "the child's NHS number is required");
        }
        return report.about(Callers.current(), nhsNumber, traceId);
    }
}
