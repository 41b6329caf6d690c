package org.safeguarding.gateway.adapters.socialcare;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import org.safeguarding.gateway.core.register.batch.BatchOutcome;
import org.safeguarding.gateway.core.register.batch.PlanBatch;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.identity.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CP-IS-style daily upload: {@code POST /api/v1/plans/batch}, {@code Content-Type: text/csv}
 * (UTF-8), first line exactly {@value PlanBatch#HEADER_LINE}.
 *
 * <p>The body is streamed straight from the request into {@link PlanBatch}, never held whole.
 * Answers, always the same JSON ({@link BatchOutcome}: the file's summary and every <em>rejected</em>
 * record with its line, planId, code and reason; accepted records are only counted):
 * <ul>
 *   <li>200, {@code file.status} {@code accepted} or {@code partially-accepted}: the good records are on the
 *       register; or {@code rejected} with no {@code file.code}: every record was refused, each is listed;</li>
 *   <li>400, {@code file.status} {@code rejected} and {@code file.code} {@code BAD_HEADER} or {@code EMPTY_FILE}:
 *       the file was refused as a whole and nothing in it was applied (the same JSON rather than a
 *       problem, so that a client reads one shape for every outcome of a file);</li>
 *   <li>401 without a valid token, 403 ({@code application/problem+json}) for anyone but social care of
 *       the caller's own local authority, decided before the body is read; 413 over
 *       {@code gateway.max-batch-bytes}; 415 for another content type; 400 (problem) for a charset other
 *       than UTF-8.</li>
 * </ul>
 */
@RestController
@RequestMapping("/api/v1/plans")
public class PlanBatchController {

    private static final String TEXT_CSV = "text/csv";

    private final PlanBatch batch;

    public PlanBatchController(PlanBatch batch) {
        this.batch = batch;
    }

    @PostMapping(path = "/batch", consumes = TEXT_CSV, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<BatchOutcome> upload(HttpServletRequest request,
            @RequestHeader(name = "TraceID", required = false) String traceId) throws IOException {
        requireUtf8(request.getCharacterEncoding());
        InputStream body = request.getInputStream();
        BatchOutcome outcome = batch.upload(Callers.current(), body, "http", traceId);
        if (outcome.rejectedAsAWhole()) {
            // read what is left (bounded by the size limit), so the client gets its 400 rather than a reset connection
            body.transferTo(OutputStream.nullOutputStream());
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(outcome);
        }
        return ResponseEntity.ok(outcome);
    }

    private static void requireUtf8(String charset) {
        if (charset == null) {
            return;
        }
        try {
            Charset declared = Charset.forName(charset);
            if (declared.equals(StandardCharsets.UTF_8) || declared.equals(StandardCharsets.US_ASCII)) {
                return;
            }
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            // refused below
        }
        throw InvalidInput.of("Content-Type", "the CSV must be UTF-8 (charset=utf-8 or none)");
    }
}
