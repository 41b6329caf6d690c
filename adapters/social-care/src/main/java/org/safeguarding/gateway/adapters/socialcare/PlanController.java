package org.safeguarding.gateway.adapters.socialcare;

import org.safeguarding.gateway.core.register.PlanUpdates;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.CodedException;
import org.safeguarding.gateway.security.identity.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real-time plan updates from a local authority's case-management system. */
@RestController
@RequestMapping("/api/v1/plans")
public class PlanController {

    private final PlanUpdates updates;
    private final JsonMapper json;

    public PlanController(PlanUpdates updates, JsonMapper json) {
        this.updates = updates;
        this.json = json;
    }

    @PutMapping(path = "/{planId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<PlanResult> put(@PathVariable String planId, @RequestBody(required = false) JsonNode body,
            @RequestHeader(name = "TraceID", required = false) String traceId) {
        if (body == null) {
            throw InvalidInput.of("body", "a plan is required");
        }
        PlanRequest plan = PlanRequest.read(json, body);
        PlanUpdates.Outcome outcome = updates.put(Callers.current(), planId, plan.toSubmission(), traceId);
        HttpStatus status = outcome == PlanUpdates.Outcome.CREATED ? HttpStatus.CREATED : HttpStatus.OK;
        return ResponseEntity.status(status).body(new PlanResult(planId, outcome.name().toLowerCase()));
    }

    @DeleteMapping("/{planId}")
    public ResponseEntity<Void> delete(@PathVariable String planId,
            @RequestHeader(name = "TraceID", required = false) String traceId) {
        if (!updates.delete(Callers.current(), planId, traceId)) {
            throw new CodedException(CodedException.Kind.NOT_FOUND, "no plan " + planId + " on the register");
        }
        return ResponseEntity.noContent().build();
    }

    public record PlanResult(String planId, String result) {}
}
