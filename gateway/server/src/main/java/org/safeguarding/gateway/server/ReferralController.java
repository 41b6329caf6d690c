package org.safeguarding.gateway.server;

import java.time.Instant;
import java.util.List;
import org.safeguarding.gateway.core.referral.ReferralStore;
import org.safeguarding.gateway.core.referral.Referrals;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Referrals (CONTRACT.md): any partner refers a child; the local authority's front door decides and the referrer hears back. */
@RestController
@RequestMapping("/api/v1/referrals")
public class ReferralController {

    private final Referrals referrals;
    private final JsonMapper json;

    public ReferralController(Referrals referrals, JsonMapper json) {
        this.referrals = referrals;
        this.json = json;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Referrals.Receipt> refer(@RequestBody(required = false) String body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestHeader(name = "TraceID", required = false) String traceId) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(referrals.accept(Callers.current(), object(body), idempotencyKey, traceId));
    }

    @GetMapping("/{id}")
    public View one(@PathVariable String id, @RequestHeader(name = "TraceID", required = false) String traceId) {
        return View.of(referrals.view(Callers.current(), id, traceId));
    }

    /** Social care: its authority's queue, oldest due first. A referrer: its own referrals, newest first. */
    @GetMapping
    public Listing list(@RequestParam(required = false) String status, @RequestHeader(name = "TraceID", required = false) String traceId) {
        return new Listing(referrals.list(Callers.current(), status, traceId).stream().map(View::of).toList());
    }

    @PostMapping(path = "/{id}/decision", consumes = MediaType.APPLICATION_JSON_VALUE)
    public View decide(@PathVariable String id, @RequestBody(required = false) String body,
            @RequestHeader(name = "TraceID", required = false) String traceId) {
        JsonNode decision = object(body);
        return View.of(referrals.decide(Callers.current(), id, text(decision, "decision"), text(decision, "feedback"), traceId));
    }

    private JsonNode object(String body) {
        return JsonBody.object(json, body, "a JSON object");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isString() ? null : value.asString();
    }

    public record Listing(List<View> referrals) {}

    /**
     * A referral as its referrer and the front door see it; the feedback is the referrer's own written response. The NHS
     * number, plan and siblings the register knows are the front door's only (null to a referrer).
     */
    public record View(String id, String status, String urgency, String referrer, String localAuthority, String child, String nhsNumber,
            String planId, List<String> siblings, Instant receivedAt, Instant decisionDue, String decision, String feedback, Instant decidedAt) {
        static View of(Referrals.View v) {
            ReferralStore.Stored r = v.referral();
            boolean register = v.frontDoor();
            // the NHS number may be the register's (an exact demographic match finds only children on plans): the front door's only
            return new View(r.id(), v.status(), r.urgency(), r.referrerOrg(), r.localAuthority(), r.childSummary(), register ? r.nhsNumber() : null,
                    register ? r.planId() : null, register && r.siblings() != null ? List.of(r.siblings().split(",")) : null, r.receivedAt(),
                    r.decisionDue(), r.decision(), r.feedback(), r.decidedAt());
        }
    }
}
