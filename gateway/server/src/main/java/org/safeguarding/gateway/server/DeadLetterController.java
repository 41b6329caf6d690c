package org.safeguarding.gateway.server;

import java.time.Instant;
import java.util.List;
import org.safeguarding.gateway.core.flow.DeadLetters;
import org.safeguarding.gateway.security.identity.Callers;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators: every message that failed every attempt on any queue, and its re-run. No child data in the answers. */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
public class DeadLetterController {

    private final DeadLetters deadLetters;

    public DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    public Listing list(@RequestHeader(name = "TraceID", required = false) String traceId) {
        return new Listing(deadLetters.list(Callers.current(), traceId).stream()
                .map(d -> new View(d.id(), d.queue(), d.flow(), d.reason(), d.failedAt(), d.attempts())).toList());
    }

    @PostMapping("/{id}/retry")
    public ResponseEntity<Void> retry(@PathVariable String id, @RequestHeader(name = "TraceID", required = false) String traceId) {
        deadLetters.retry(Callers.current(), id, traceId);
        return ResponseEntity.accepted().build();
    }

    public record Listing(List<View> deadLetters) {}

    public record View(String id, String queue, String flow, String reason, Instant failedAt, int attempts) {}
}
