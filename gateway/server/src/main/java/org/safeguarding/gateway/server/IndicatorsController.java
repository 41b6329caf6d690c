package org.safeguarding.gateway.server;

import org.safeguarding.gateway.core.indicators.Indicators;
import org.safeguarding.gateway.security.identity.Callers;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The board's indicators for one local authority: its own social care, or the board's auditor. */
@RestController
public class IndicatorsController {

    private final Indicators indicators;

    public IndicatorsController(Indicators indicators) {
        this.indicators = indicators;
    }

    @GetMapping("/api/v1/indicators")
    public Indicators.Report indicators(@RequestParam(required = false) String la,
            @RequestHeader(name = "TraceID", required = false) String traceId) {
        return indicators.forAuthority(Callers.current(), la, traceId);
    }
}
