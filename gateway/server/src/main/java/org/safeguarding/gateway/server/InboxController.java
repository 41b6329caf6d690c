package org.safeguarding.gateway.server;

import java.time.Instant;
import java.util.List;
import org.safeguarding.gateway.core.delivery.Acknowledgements;
import org.safeguarding.gateway.core.inbox.InboxMessage;
import org.safeguarding.gateway.core.inbox.Mailbox;
import org.safeguarding.gateway.core.validation.InvalidInput;
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
    private static final String ID_PATTERN = "[A-Za-z0-9._:-]{1,64}";

    private final Mailbox mailbox;
    private final Acknowledgements acknowledgements;

    public InboxController(Mailbox mailbox, Acknowledgements acknowledgements) {
        this.mailbox = mailbox;
        this.acknowledgements = acknowledgements;
    }

    @GetMapping
    public InboxPage list(@RequestParam(required = false) String type, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size, @RequestParam(required = false) String before,
            @RequestHeader(name = "TraceID", required = false) String traceId) {
        if (type != null && !type.matches(TYPE_PATTERN)) {
            throw InvalidInput.of("type", "is not a message type");
        }
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw InvalidInput.of("page/size", "page must be 0 or more and size between 1 and " + MAX_PAGE_SIZE);
        }
        if (before != null && (!before.matches(ID_PATTERN) || page != 0)) {
            throw InvalidInput.of("before", "is the id of a message in this inbox (the previous page's next), not with page");
        }
        Mailbox.Page found = mailbox.read(Callers.current(), type, page, size, before, traceId);
        List<MessageView> messages = found.messages().stream().map(MessageView::of).toList();
        return new InboxPage(messages, page, size, found.total(), found.totalExact(), found.next());
    }

    @PostMapping("/{id}/acknowledge")
    public ResponseEntity<Void> acknowledge(@PathVariable String id,
            @RequestHeader(name = "TraceID", required = false) String traceId) {
        acknowledgements.acknowledge(Callers.current(), messageId(id), traceId);
        return ResponseEntity.noContent().build();
    }

    /** The signed, encrypted copy: CMS SignedData inside EnvelopedData, DER, for the recipient's key only. */
    @GetMapping(path = "/{id}/content", produces = "application/pkcs7-mime")
    public ResponseEntity<byte[]> content(@PathVariable String id, @RequestHeader(name = "TraceID", required = false) String traceId) {
        byte[] envelope = acknowledgements.envelope(Callers.current(), messageId(id), traceId);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/pkcs7-mime; smime-type=enveloped-data"))
                .header("Content-Disposition", "attachment; filename=\"" + id + ".p7m\"")
                .body(envelope);
    }

    /** No message has any other id: one that is not an id is bad input, a 400 naming the field (it tells nothing of any inbox). */
    private static String messageId(String id) {
        if (!id.matches(ID_PATTERN)) {
            throw InvalidInput.of("id", "is not a message id");
        }
        return id;
    }

    /**
     * @param total      how many messages the inbox holds (of the type asked for): exactly that when {@code totalExact}, else
     *                   more than that ({@link org.safeguarding.gateway.core.inbox.Inbox#EXACT_TOTAL_UP_TO}): a page of a huge inbox counts no further than it
     * @param totalExact false when the inbox holds more than {@code total}
     * @param next       the cursor of the following page ({@code ?before=}); null when this page was not full: there is no more
     */
    public record InboxPage(List<MessageView> messages, int page, int size, long total, boolean totalExact, String next) {}

    public record MessageView(String id, String type, Instant createdAt, String nhsNumber, String reference, String summary,
            Instant acknowledgedAt) {
        static MessageView of(InboxMessage m) {
            return new MessageView(m.id(), m.type(), m.createdAt(), m.nhsNumber(), m.reference(), m.summary(), m.acknowledgedAt());
        }
    }
}
