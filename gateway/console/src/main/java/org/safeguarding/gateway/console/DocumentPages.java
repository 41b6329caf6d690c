package org.safeguarding.gateway.console;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.delivery.Deliveries;
import org.safeguarding.gateway.core.delivery.Delivery;
import org.safeguarding.gateway.core.documents.Document;
import org.safeguarding.gateway.core.documents.DocumentDistribution;
import org.safeguarding.gateway.core.documents.DocumentKind;
import org.safeguarding.gateway.core.documents.DocumentSubmission;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.register.AuthorityPlans;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessDenied;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Resource;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * Social care sends a plan or conference minutes once, and sees each recipient's copy: queued, delivered,
 * acknowledged, overdue or failed. The recipients are the plan's core group unless chosen (the core's rule).
 */
@Controller
class DocumentPages {

    private static final String ID_PATTERN = "[A-Za-z0-9._:-]{1,64}";
    /** Every 5 seconds for two minutes after the page was opened. */
    static final int POLLS = 24;

    private final DocumentDistribution distribution;
    private final Deliveries deliveries;
    private final AuthorityPlans plans;
    private final AgencyDirectory agencies;
    private final AccessControl access;
    private final Clock clock;

    DocumentPages(DocumentDistribution distribution, Deliveries deliveries, AuthorityPlans plans, AgencyDirectory agencies, AccessControl access,
            Clock clock) {
        this.distribution = distribution;
        this.deliveries = deliveries;
        this.plans = plans;
        this.agencies = agencies;
        this.access = access;
        this.clock = clock;
    }

    /** One recipient's copy, as the status table shows it. */
    record Copy(String recipient, String status, Instant deliveredAt, Instant acknowledgedAt, Instant dueAt, String failure) {
        static Copy of(Delivery d, Instant now) {
            return new Copy(d.recipient(), d.statusAt(now), d.deliveredAt(), d.acknowledgedAt(), d.dueAt(), d.failure());
        }
    }

    @GetMapping("/documents/new")
    String form(@AuthenticationPrincipal ConsoleUser user, Model model) {
        offerSending(user);
        model.addAttribute("kinds", Arrays.asList(DocumentKind.values()));
        return "document-new";
    }

    /**
     * The plan's core group, ticked, among the agencies that can receive a copy: asked for (htmx) as the plan id is typed,
     * so that the social worker sees who will receive it and can change that. Without script the form sends no
     * recipients and the core sends to the core group, as the page says.
     */
    @GetMapping("/documents/recipients")
    String recipients(@AuthenticationPrincipal ConsoleUser user, @RequestParam(required = false) String planId, Model model) {
        offerSending(user);
        try {
            Plan plan = plans.open(user.caller(), planId == null ? null : planId.strip(), null);
            model.addAttribute("coreGroup", plan.coreGroup());
            // a copy is encrypted for its recipient: only agencies with a certificate can receive one
            model.addAttribute("agencies", agencies.all().stream()
                    .filter(a -> !Agency.LOCAL_AUTHORITY.equals(a.type()) && a.certificatePem() != null).toList());
        } catch (InvalidInput | AccessDenied notOneOfOurs) {
            // a plan id half typed, or not this authority's: no list yet (a refusal was recorded by the core)
            model.addAttribute("agencies", List.of());
        }
        return "document-new :: recipients";
    }

    @PostMapping("/documents")
    String send(@AuthenticationPrincipal ConsoleUser user, @RequestParam(required = false) String kind,
            @RequestParam(required = false) String planId, @RequestParam(required = false) String nhsNumber,
            @RequestParam(required = false) String title, @RequestParam(required = false) List<String> recipients,
            @RequestParam(name = "recipientsShown", defaultValue = "false") boolean recipientsShown,
            @RequestParam(required = false) MultipartFile file) throws IOException {
        offerSending(user);
        if (recipientsShown && (recipients == null || recipients.isEmpty())) {
            // the core reads no recipients as "the core group": a person who unticked every box meant nobody, so ask
            throw InvalidInput.of("recipients", "choose at least one agency to receive it");
        }
        if (file == null || file.isEmpty()) {
            throw InvalidInput.of("file", "choose the document to send");
        }
        DocumentDistribution.Accepted accepted = distribution.upload(user.caller(),
                new DocumentSubmission(kind, planId, nhsNumber == null ? null : nhsNumber.replace(" ", ""), title, recipients, null),
                file.getOriginalFilename(), file.getBytes(), null);
        return "redirect:/documents/" + accepted.document().id();
    }

    @GetMapping("/documents/{id}")
    String status(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, Model model) {
        copies(user, id, 0, model);
        return "document";
    }

    /**
     * The copies' table alone, which the page asks for again every few seconds (htmx) while a copy may still change.
     * Polling stops after {@link #POLLS} answers: each poll is a request in the person's session, and an open page that
     * polled for ever would keep the session from its idle time-out.
     */
    @GetMapping("/documents/{id}/copies")
    String copies(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @RequestParam(name = "poll", defaultValue = "0") int poll, Model model) {
        if (!id.matches(ID_PATTERN) || poll < 0 || poll > POLLS) {
            throw InvalidInput.of("id", "is not a document id");
        }
        Document document = distribution.statusOf(user.caller(), id, null);
        Instant now = clock.instant();
        List<Copy> copies = deliveries.forReference(id).stream().map(d -> Copy.of(d, now)).toList();
        boolean settled = copies.stream().allMatch(c -> c.status().equals("acknowledged") || c.status().equals("failed"));
        model.addAttribute("document", document);
        model.addAttribute("copies", copies);
        model.addAttribute("nextPoll", settled || poll == POLLS ? null : poll + 1);
        return "document :: live-copies";
    }

    /** Sending is social care's, for its own authority: decided (and a refusal recorded) before anything is read. */
    private void offerSending(ConsoleUser user) {
        access.requireToOffer(user.caller(), Action.DOCUMENT_SEND, Resource.document(null, user.caller().orgId(), null), null);
    }
}
