package org.safeguarding.gateway.adapters.socialcare;

import java.util.List;
import org.safeguarding.gateway.core.model.Contact;
import org.safeguarding.gateway.core.register.PlanTransfers;
import org.safeguarding.gateway.core.register.SiblingGroups;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.identity.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Plans that belong together: a transfer between authorities, and brothers and sisters. */
@RestController
public class PlanLinksController {

    private final PlanTransfers transfers;
    private final SiblingGroups siblings;

    public PlanLinksController(PlanTransfers transfers, SiblingGroups siblings) {
        this.transfers = transfers;
        this.siblings = siblings;
    }

    /** The receiving authority transfers a plan in; the old plan ends the day before {@code startDate} (default today). */
    @PostMapping(path = "/api/v1/plans/{planId}/transfer", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<TransferResult> transfer(@PathVariable String planId, @RequestBody(required = false) TransferRequest body,
            @RequestHeader(name = "TraceID", required = false) String traceId) {
        if (body == null) {
            throw InvalidInput.of("body", "a transfer needs at least newPlanId");
        }
        PlanRequest.ContactJson c = body.contact();
        PlanTransfers.Transferred done = transfers.transferIn(Callers.current(), planId, body.newPlanId(), body.startDate(),
                c == null ? null : Contact.given(c.name(), c.phone(), c.outOfHoursPhone()), traceId);
        return ResponseEntity.status(HttpStatus.CREATED).body(new TransferResult(done.from().planId(), done.from().localAuthority(),
                done.from().endDate().toString(), done.to().planId(), done.to().localAuthority(), done.to().startDate().toString()));
    }

    @PutMapping(path = "/api/v1/sibling-groups/{groupId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Void> siblings(@PathVariable String groupId, @RequestBody(required = false) SiblingGroupRequest body,
            @RequestHeader(name = "TraceID", required = false) String traceId) {
        siblings.link(Callers.current(), groupId, body == null ? null : body.planIds(), traceId);
        return ResponseEntity.noContent().build();
    }

    public record TransferRequest(String newPlanId, String startDate, PlanRequest.ContactJson contact) {}

    public record TransferResult(String endedPlanId, String endedLocalAuthority, String endDate, String planId, String localAuthority,
            String startDate) {}

    public record SiblingGroupRequest(List<String> planIds) {}
}
