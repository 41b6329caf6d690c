package org.safeguarding.gateway.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.OptionalLong;
import org.safeguarding.gateway.security.CodedException;
import org.safeguarding.gateway.security.identity.CallerAuthentication;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds each organisation to its rate ({@link OrganisationRateLimits}) on the API and FHIR paths. It stands after Spring
 * Security's authorization in the API's chain, so it sees only authenticated callers: a request without a valid token is
 * answered 401 before any bucket is touched, and a 429 never tells an unidentified caller anything. Its 429 is the
 * entry point's own failure format ({@link FailureResponses}) with {@code Retry-After}.
 */
class RateLimitFilter extends OncePerRequestFilter {

    private final OrganisationRateLimits limits;
    private final RequestMatcher unlimited;
    private final FailureResponses failures;

    /** @param unlimited the public paths (CapabilityStatement, OpenAPI, health), which no token is needed for */
    RateLimitFilter(OrganisationRateLimits limits, RequestMatcher unlimited, FailureResponses failures) {
        this.limits = limits;
        this.unlimited = unlimited;
        this.failures = failures;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !limits.enabled() || !(path.startsWith("/api/") || path.startsWith("/fhir/")) || unlimited.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof CallerAuthentication caller) {
            String orgId = caller.getPrincipal().orgId();
            OptionalLong wait = limits.take(orgId);
            if (wait.isPresent()) {
                response.setHeader("Retry-After", Long.toString(wait.getAsLong()));
                failures.send(request, response, new CodedException(CodedException.Kind.THROTTLED, "organisation " + orgId
                        + " is sending more than its limit of " + limits.requestsPerSecond(orgId) + " requests a second; send again after "
                        + wait.getAsLong() + " s (Retry-After)"));
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
