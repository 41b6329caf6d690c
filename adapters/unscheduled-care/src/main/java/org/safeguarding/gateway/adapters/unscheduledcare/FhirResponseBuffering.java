package org.safeguarding.gateway.adapters.unscheduledcare;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Sends each FHIR answer whole, with a Content-Length, in one write. HAPI's JSON writer flushes the
 * response after every number or boolean it writes (Jackson's flush-after-write-value), so a CareTeam
 * bundle left the gateway as several chunked socket writes, and those system calls cost about a tenth
 * of a lookup's CPU. FHIR answers here are small and bounded (a child's plans, 25 audit events, the
 * CapabilityStatement), so holding one in memory is cheap.
 */
public class FhirResponseBuffering extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper whole = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, whole);
        } finally {
            whole.copyBodyToResponse();
        }
    }
}
