package org.safeguarding.gateway.server;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.safeguarding.gateway.core.delivery.DeliveryAdministration;
import org.safeguarding.gateway.security.identity.Callers;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators: delivery status and the re-run of dead-lettered pushes. No child data in the answers. */
@RestController
@RequestMapping("/api/v1/admin/deliveries")
public class DeliveryAdminController {

    private final DeliveryAdministration administration;
    private final Clock clock;

    public DeliveryAdminController(DeliveryAdministration administration, Clock clock) {
        this.administration = administration;
        this.clock = clock;
    }

    @GetMapping
    public Deliveries list(@RequestParam(required = false) String status,
            @RequestHeader(name = "TraceID", required = false) String traceId) {
        Instant now = clock.instant();
        return new Deliveries(administration.list(Callers.current(), status, traceId).stream()
                .map(d -> new DeliveryView(d.id(), d.messageType(), d.reference(), d.sender(), d.recipient(), d.statusAt(now),
                        d.queuedAt(), d.deliveredAt(), d.pushAttempts(), d.pushedAt(), d.lastError()))
                .toList());
    }

    @PostMapping("/{id}/retry")
    public ResponseEntity<Void> retry(@PathVariable String id, @RequestHeader(name = "TraceID", required = false) String traceId) {
        administration.retry(Callers.current(), id, traceId);
        return ResponseEntity.accepted().build();
    }

    public record Deliveries(List<DeliveryView> deliveries) {}

    public record DeliveryView(String id, String messageType, String reference, String sender, String recipient, String status,
            Instant queuedAt, Instant deliveredAt, int pushAttempts, Instant pushedAt, String lastError) {}
}
