package org.safeguarding.gateway.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.safeguarding.gateway.security.CodedException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body over the configured limit with 413 before anything reads it. Bodies
 * without a declared length (chunked) are refused too: every agency system can send a length.
 */
@Component
// next after RequestLogContext, so that a refusal here is logged with its trace
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestSizeLimit extends OncePerRequestFilter {

    /** Room for the metadata part and multipart framing around a document of the maximum size. */
    private static final long MULTIPART_OVERHEAD = 1024 * 1024;

    private final long maxJsonBytes;
    private final long maxUploadBytes;
    private final long maxBatchBytes;
    private final FailureResponses failures;

    public RequestSizeLimit(GatewayProperties properties, FailureResponses failures) {
        this.maxJsonBytes = properties.maxJsonBytes();
        this.maxUploadBytes = properties.maxDocumentBytes() + MULTIPART_OVERHEAD;
        this.maxBatchBytes = properties.maxBatchBytes();
        this.failures = failures;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        long maxBytes = uri.startsWith(request.getContextPath() + "/api/v1/documents") ? maxUploadBytes
                : uri.equals(request.getContextPath() + "/api/v1/plans/batch") ? maxBatchBytes : maxJsonBytes;
        long length = request.getContentLengthLong();
        boolean chunked = "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (length > maxBytes || chunked) {
            failures.send(request, response, new CodedException(CodedException.Kind.TOO_LARGE,
                    chunked ? "send the body with a Content-Length of at most " + maxBytes + " bytes"
                            : "the body has " + length + " bytes; the limit is " + maxBytes));
            return;
        }
        chain.doFilter(request, response);
    }
}
