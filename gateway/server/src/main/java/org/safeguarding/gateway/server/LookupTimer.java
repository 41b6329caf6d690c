package org.safeguarding.gateway.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The CP lookup's latency as A&E sees it (request in, answer out), a histogram for Prometheus ({@code gateway_lookup_seconds},
 * tagged by resource and status): the FHIR server is a servlet of its own, which Spring's request metrics see only as one
 * undifferentiated URI.
 */
@Component
class LookupTimer extends OncePerRequestFilter {

    private final MeterRegistry metrics;

    LookupTimer(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.startsWith("/fhir/CareTeam") || path.startsWith("/fhir/Flag"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            Timer.builder("gateway.lookup").description("CP lookups, from request to answer").publishPercentileHistogram()
                    .tag("resource", request.getRequestURI().startsWith("/fhir/Flag") ? "Flag" : "CareTeam")
                    .tag("status", String.valueOf(response.getStatus())).register(metrics)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }
}
