package org.safeguarding.gateway.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.safeguarding.gateway.security.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Every request's log context, first of all filters: its trace id (the caller's {@code TraceID} when a UUID, else a new
 * one, sent back in the {@code TraceID} response header so that a caller can quote it), then the caller's organisation
 * and the flow once access is decided ({@link org.safeguarding.gateway.security.AccessControl}); one closing line per
 * request, and the context ended so that the pooled thread's next request starts clean. The line names the endpoint by
 * its route ({@code /api/v1/plans/{planId}}), never by the path and query the caller sent, which may hold an NHS number.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestLogContext extends OncePerRequestFilter {

    static final String TRACE_ID_HEADER = "TraceID";
    private static final Logger LOG = LoggerFactory.getLogger(RequestLogContext.class);
    private static final Pattern FHIR_TYPE = Pattern.compile("[A-Za-z]{1,40}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        LogContext.begin(LogContext.traceIdFrom(request.getHeader(TRACE_ID_HEADER)), null, null);
        response.setHeader(TRACE_ID_HEADER, LogContext.traceId());
        int status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            // a 429's line would be the runaway client's, thousands a second: OrganisationRateLimits sums them up instead
            if (!request.getRequestURI().startsWith("/actuator/") && status != HttpStatus.TOO_MANY_REQUESTS.value()) {
                LOG.info("{} {} {} in {} ms", request.getMethod(), route(request), status, (System.nanoTime() - started) / 1_000_000);
            }
            LogContext.end();
        }
    }

    /** The endpoint as the application declares it: the MVC route, or the FHIR resource type; "-" for anything else. */
    private static String route(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern != null) {
            return pattern.toString();
        }
        String path = request.getRequestURI();
        if (path.startsWith("/fhir/")) {
            String rest = path.substring("/fhir/".length());
            int slash = rest.indexOf('/');
            String type = slash < 0 ? rest : rest.substring(0, slash);
            return "/fhir/" + (FHIR_TYPE.matcher(type).matches() ? type : "?");
        }
        return "-";
    }
}
