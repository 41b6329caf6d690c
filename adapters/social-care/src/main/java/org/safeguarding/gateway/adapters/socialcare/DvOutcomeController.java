package org.safeguarding.gateway.adapters.socialcare;

import org.safeguarding.gateway.core.dv.DvNotifications;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.identity.Callers;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The receiving authority's decision on a police notification, relayed to the force. */
@RestController
public class DvOutcomeController {

    private final DvNotifications notifications;

    public DvOutcomeController(DvNotifications notifications) {
        this.notifications = notifications;
    }

    @PostMapping(path = "/api/v1/dv-notifications/{id}/outcome", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Void> outcome(@PathVariable String id, @RequestBody(required = false) OutcomeRequest body,
            @RequestHeader(name = "TraceID", required = false) String traceId) {
        if (body == null) {
            throw InvalidInput.of("body", "an outcome is required");
        }
        notifications.recordOutcome(Callers.current(), id, body.decision(), body.note(), traceId);
        return ResponseEntity.accepted().build();
    }

    public record OutcomeRequest(String decision, String note) {}
}
