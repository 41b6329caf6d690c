package org.safeguarding.gateway.console;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.delivery.Delivery;
import org.safeguarding.gateway.core.delivery.DeliveryAdministration;
import org.safeguarding.gateway.core.flow.DeadLetters;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Resource;
import org.safeguarding.gateway.security.crypto.Pem;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Operators: pushes that failed and their retry, the flows' dead letters and their re-run, and the agencies directory.
 * The same core services as the API's admin endpoints, decided and recorded alike. Operators never see child data: a
 * delivery or a dead letter is shown by its ids, queue and state, never by its content.
 */
@Controller
class OperatorPages {

    private static final String ID_PATTERN = "[A-Za-z0-9._:-]{1,64}";
    /** The states the API filters by, in the order an operator looks for them; "all" asks for no filter. */
    static final List<String> STATUSES = List.of("failed", "queued", "delivered", "acknowledged", "all");
    private static final Resource DIRECTORY = new Resource("agencies", "all", null, null);

    private final DeliveryAdministration deliveries;
    private final DeadLetters deadLetters;
    private final AgencyDirectory directory;
    private final AccessControl access;
    private final Clock clock;

    OperatorPages(DeliveryAdministration deliveries, DeadLetters deadLetters, AgencyDirectory directory, AccessControl access, Clock clock) {
        this.deliveries = deliveries;
        this.deadLetters = deadLetters;
        this.directory = directory;
        this.access = access;
        this.clock = clock;
    }

    /** A delivery as operators see it: whom it is for and how its push went, nothing of what it says. */
    record DeliveryRow(String id, String recipient, String kind, String reference, String status, boolean retryable, int attempts,
            Instant lastAttempt, Instant queuedAt, String lastError) {

        static DeliveryRow of(Delivery d, Instant now) {
            return new DeliveryRow(d.id(), d.recipient(), InboxPages.kindOf(d.messageType()), d.reference(), d.statusAt(now),
                    d.status() == Delivery.Status.FAILED, d.pushAttempts(), d.pushedAt(), d.queuedAt(), d.lastError());
        }
    }

    @GetMapping("/admin/deliveries")
    String deliveries(@AuthenticationPrincipal ConsoleUser user, @RequestParam(defaultValue = "failed") String status, Model model) {
        Instant now = clock.instant();
        List<DeliveryRow> rows = deliveries.list(user.caller(), status.equals("all") ? null : status, null).stream()
                .map(d -> DeliveryRow.of(d, now)).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("status", status);
        model.addAttribute("statuses", STATUSES);
        return "admin-deliveries";
    }

    /**
     * Offered, then asked of the core: a refusal is recorded as the API's would be, and only an operator is told that an
     * id is malformed.
     */
    @PostMapping("/admin/deliveries/{id}/retry")
    String retryDelivery(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, RedirectAttributes flash) {
        access.requireToOffer(user.caller(), Action.DELIVERY_ADMIN, Resource.delivery(id), null);
        requireId(id, "is not a delivery id");
        deliveries.retry(user.caller(), id, null);
        flash.addFlashAttribute("retried", id);
        return "redirect:/admin/deliveries";
    }

    @GetMapping("/admin/dead-letters")
    String deadLetters(@AuthenticationPrincipal ConsoleUser user, Model model) {
        model.addAttribute("rows", deadLetters.list(user.caller(), null));
        return "admin-dead-letters";
    }

    /** The core decides, then checks the id: a malformed one is bad input (400) for an operator, refused for anyone else. */
    @PostMapping("/admin/dead-letters/{id}/retry")
    String rerunDeadLetter(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, RedirectAttributes flash) {
        deadLetters.retry(user.caller(), id, null);
        flash.addFlashAttribute("rerun", id);
        return "redirect:/admin/dead-letters";
    }

    /** An organisation in the directory, with how copies reach it; of its certificate only what identifies it. */
    record AgencyRow(String id, String name, String type, String postcodeAreas, String officePhone, String outOfHoursPhone,
            String push, String mesh, Instant certificateExpires, String certificateFingerprint) {

        static AgencyRow of(Agency a) {
            X509Certificate certificate = a.certificatePem() == null ? null : Pem.readCertificate(a.certificatePem());
            return new AgencyRow(a.id(), a.name(), a.type(), String.join(", ", a.postcodeAreas()), a.officePhone(), a.outOfHoursPhone(),
                    a.pushUrl() == null ? null : URI.create(a.pushUrl()).getAuthority(),
                    a.mesh() == null ? null : a.mesh().mailbox() + " (" + a.mesh().workflowId() + (a.mesh().gpConnect() ? ", GP Connect" : "") + ")",
                    certificate == null ? null : certificate.getNotAfter().toInstant(), certificate == null ? null : fingerprint(certificate));
        }
    }

    @GetMapping("/admin/agencies")
    String agencies(@AuthenticationPrincipal ConsoleUser user, Model model) {
        access.require(user.caller(), Action.DELIVERY_ADMIN, DIRECTORY, null);
        model.addAttribute("rows", directory.all().stream().map(AgencyRow::of).toList());
        return "admin-agencies";
    }

    private static void requireId(String id, String problem) {
        if (!id.matches(ID_PATTERN)) {
            throw InvalidInput.of("id", problem);
        }
    }

    /** SHA-256 of the certificate as its holder's tools print it (openssl x509 -fingerprint -sha256), to compare by eye. */
    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("the certificate cannot be fingerprinted", e);
        }
    }
}
