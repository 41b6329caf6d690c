package org.safeguarding.gateway.server;

import java.time.Instant;
import java.util.List;
import org.safeguarding.gateway.core.delivery.Acknowledgements;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.core.inbox.InboxMessage;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;
import org.safeguarding.gateway.security.identity.Callers;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Every agency's mailbox: its own organisation's messages only. */
@RestController
@RequestMapping("/api/v1/inbox")
public class InboxController {

    private static final int MAX_PAGE_SIZE = 200;
    private static final String TYPE_PATTERN = "[a-z-]{1,40}";

    private final Inbox inbox;
    private final AccessControl access;
    private final Acknowledgements acknowledgements;

    public InboxController(Inbox inbox, AccessControl access, Acknowledgements acknowledgements) {
        this.inbox = inbox;
        this.access = access;
        this.acknowledgements = acknowledgements;
    }

    @GetMapping
    public InboxPage list(@RequestParam(required = false) String type, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size, @RequestHeader(name = "TraceID", required = false) String traceId) {
        if (type != null && !type.matches(TYPE_PATTERN)) {
            throw InvalidInput.of("type", "is not a message type");
        }
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw InvalidInput.of("page/size", "page must be 0 or more and size between 1 and " + MAX_PAGE_SIZE);
        }
        Caller caller = Callers.current();
        access.require(caller, Action.INBOX_READ, Resource.inbox(caller.orgId()), traceId);
        List<MessageView> messages = inbox.forRecipient(caller.orgId(), type, page, size).stream().map(MessageView::of).toList();
        return new InboxPage(messages, page, size, inbox.countFor(caller.orgId(), type));
    }

    @PostMapping("/{id}/acknowledge")
    public ResponseEntity<Void> acknowledge(@PathVariable String id,
            @RequestHeader(name = "TraceID", required = false) String traceId) {
        acknowledgements.acknowledge(Callers.current(), id, traceId);
        return ResponseEntity.noContent().build();
    }

    /** The signed, encrypted copy: CMS SignedData inside EnvelopedData, DER, for the recipient's key only. */
    @GetMapping(path = "/{id}/content", produces = "application/pkcs7-mime")
    public ResponseEntity<byte[]> content(@PathVariable String id, @RequestHeader(name = "TraceID", required = false) String traceId) {
        byte[] envelope = acknowledgements.envelope(Callers.current(), id, traceId);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/pkcs7-mime; smime-type=enveloped-data"))
                .header("Content-Disposition", "attachment; filename=\"" + id + ".p7m\"")
                .body(envelope);
    }

    public record InboxPage(List<MessageView> messages, int page, int size, long total) {}

    public record MessageView(String id, String type, Instant createdAt, String nhsNumber, String reference, String summary,
            Instant acknowledgedAt) {
        static MessageView of(InboxMessage m) {
            return new MessageView(m.id(), m.type(), m.createdAt(), m.nhsNumber(), m.reference(), m.summary(), m.acknowledgedAt());
        }
    }
}
