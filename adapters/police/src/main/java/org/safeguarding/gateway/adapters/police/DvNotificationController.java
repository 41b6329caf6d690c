package org.safeguarding.gateway.adapters.police;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.safeguarding.gateway.core.dv.DvNotification;
import org.safeguarding.gateway.core.dv.DvNotificationSchema;
import org.safeguarding.gateway.core.dv.DvNotifications;
import org.safeguarding.gateway.core.validation.JsonBody;
import org.safeguarding.gateway.security.identity.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Police forces' systems post domestic-violence notifications here once; the gateway routes them. */
@RestController
@RequestMapping("/api/v1/dv-notifications")
public class DvNotificationController {

    private final DvNotifications notifications;
    private final JsonMapper json;
    private final Clock clock;

    public DvNotificationController(DvNotifications notifications, JsonMapper json, Clock clock) {
        this.notifications = notifications;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ReceiptView> submit(@RequestBody(required = false) String body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestHeader(name = "TraceID", required = false) String traceId) {
        DvNotification draft = DvNotificationSchema.read(parse(body));
        DvNotifications.Receipt receipt = notifications.accept(Callers.current(), draft, idempotencyKey, traceId);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ReceiptView(receipt.id(), receipt.status(), receipt.receivedAt(),
                receipt.forceReference(), receipt.repeat()));
    }

    @GetMapping("/{id}")
    public StatusView status(@PathVariable String id, @RequestHeader(name = "TraceID", required = false) String traceId) {
        DvNotifications.Status status = notifications.status(Callers.current(), id, traceId);
        Instant now = clock.instant();
        var n = status.notification();
        return new StatusView(n.id(), n.status(), n.forceReference(), n.receivedAt(), n.localAuthorities(),
                status.deliveries().stream().filter(d -> d.messageType().equals("dv-notification"))
                        .map(d -> new DeliveryView(d.recipient(), d.statusAt(now), d.dueAt())).toList(),
                status.matches(),
                n.outcomeDecision() == null ? null : new OutcomeView(n.outcomeDecision(), n.outcomeNote(), n.outcomeAt()));
    }

    private JsonNode parse(String body) {
        return JsonBody.object(json, body, "a notification");
    }

    public record ReceiptView(String id, String status, Instant receivedAt, String forceReference, boolean repeat) {}

    public record StatusView(String id, String status, String forceReference, Instant receivedAt, List<String> localAuthorities,
            List<DeliveryView> deliveries, List<String> childMatches, OutcomeView outcome) {}

    public record DeliveryView(String recipient, String status, Instant dueAt) {}

    public record OutcomeView(String decision, String note, Instant decidedAt) {}
}
