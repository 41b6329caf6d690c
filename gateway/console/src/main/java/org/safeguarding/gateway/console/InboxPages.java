package org.safeguarding.gateway.console;

import java.time.Instant;
import java.util.List;
import org.safeguarding.gateway.core.delivery.Acknowledgements;
import org.safeguarding.gateway.core.inbox.InboxMessage;
import org.safeguarding.gateway.core.inbox.Mailbox;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** An organisation's inbox, newest first, a page at a time; a message acknowledged from its row. */
@Controller
class InboxPages {

    private static final int PAGE_SIZE = 20;
    private static final String ID_PATTERN = "[A-Za-z0-9._:-]{1,64}";

    private final Mailbox mailbox;
    private final Acknowledgements acknowledgements;

    InboxPages(Mailbox mailbox, Acknowledgements acknowledgements) {
        this.mailbox = mailbox;
        this.acknowledgements = acknowledgements;
    }

    /** A row of the inbox: what it is, about whom, when, and whether it awaits acknowledgement. */
    record Row(String id, String type, String reference, String kind, String nhsNumber, Instant received, String summary,
            boolean needsAcknowledgement, Instant acknowledgedAt, boolean copy) {

        static Row of(InboxMessage m) {
            return new Row(m.id(), m.type(), m.reference(), kindOf(m.type()), m.nhsNumber() == null ? "" : LookupPages.spaced(m.nhsNumber()),
                    m.createdAt(), m.summary(), m.acknowledgedAt() == null && isCopy(m.type()), m.acknowledgedAt(), isCopy(m.type()));
        }
    }

    @GetMapping("/inbox")
    String inbox(@AuthenticationPrincipal ConsoleUser user, @RequestParam(required = false) String before, Model model) {
        if (before != null && !before.matches(ID_PATTERN)) {
            throw InvalidInput.of("before", "is not a message in this inbox");
        }
        Mailbox.Page page = mailbox.read(user.caller(), null, 0, PAGE_SIZE, before, null);
        List<Row> rows = page.messages().stream().map(Row::of).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("next", page.next());
        model.addAttribute("total", page.totalExact() ? String.format("%,d", page.total()) : "more than " + String.format("%,d", page.total()));
        model.addAttribute("first", before == null);
        return "inbox";
    }

    /** A message on its own page: what it is, and (for a copy) opening it in the browser with the organisation's key. */
    @GetMapping("/inbox/{id}")
    String message(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, Model model) {
        requireId(id);
        InboxMessage message = acknowledgements.message(user.caller(), id, null);
        model.addAttribute("row", Row.of(message));
        model.addAttribute("copy", isCopy(message.type()));
        return "message";
    }

    /**
     * The copy as the gateway stored it for the organisation: encrypted for its key, signed by the gateway. The
     * browser opens it (open-copy.js); the server never decrypts for a person.
     */
    @GetMapping(path = "/inbox/{id}/content", produces = "application/pkcs7-mime")
    ResponseEntity<byte[]> content(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id) {
        requireId(id);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/pkcs7-mime; smime-type=enveloped-data"))
                .cacheControl(CacheControl.noStore())
                .body(acknowledgements.envelope(user.caller(), id, null));
    }

    @PostMapping("/inbox/{id}/acknowledge")
    String acknowledge(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, RedirectAttributes flash) {
        requireId(id);
        acknowledgements.acknowledge(user.caller(), id, null);
        flash.addFlashAttribute("acknowledged", true);
        return "redirect:/inbox";
    }

    private static void requireId(String id) {
        if (!id.matches(ID_PATTERN)) {
            throw InvalidInput.of("id", "is not a message in this inbox");
        }
    }

    /** Words for the message types the gateway delivers; an unknown type is shown as it is. */
    static String kindOf(String type) {
        return switch (type) {
            case "access-notification" -> "Access notification";
            case "dv-notification" -> "Domestic abuse notification";
            case "document" -> "Document";
            case "escalation" -> "Escalation: a copy not acknowledged, or a referral not decided, in time";
            case "dv-receipt" -> "Receipt for a notification";
            case "dv-outcome" -> "Local authority's decision on a notification";
            case "plan-transfer" -> "Plan transferred in";
            case "referral" -> "Referral to your front door";
            case "referral-feedback" -> "Decision on your referral";
            default -> type;
        };
    }

    /**
     * Secure copies (signed, encrypted for the recipient) are opened in the browser and acknowledged; access
     * notifications, a force's receipts and transfers are plain messages, for information.
     */
    static boolean isCopy(String type) {
        return !type.equals("access-notification") && !type.equals("dv-receipt") && !type.equals("plan-transfer");
    }
}
