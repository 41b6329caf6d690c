package org.safeguarding.gateway.core.documents;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.calendar.WorkingCalendar;
import org.safeguarding.gateway.core.delivery.Deliveries;
import org.safeguarding.gateway.core.delivery.Delivery;
import org.safeguarding.gateway.core.delivery.DeliveryQueues;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.safeguarding.gateway.core.validation.Fields;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.safeguarding.gateway.security.crypto.Pem;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * document-distribution, the upload half: validate -> policy (the plan's own local authority) ->
 * inspect the file -> sign once and encrypt per recipient -> in one transaction, the document
 * record, one delivery per recipient and their outbox messages. Only envelopes are stored; the
 * plaintext lives in memory for the length of the request.
 */
public class DocumentDistribution {

    public static final int DEFAULT_ACKNOWLEDGE_DAYS = 5;
    private static final int MAX_RECIPIENTS = 50;
    private static final String ORG_ID = "[a-z0-9][a-z0-9-]{0,99}";

    public record Accepted(Document document, List<Delivery> deliveries) {}

    private final AccessControl access;
    private final PlanRegister register;
    private final AgencyDirectory agencies;
    private final DocumentStore documents;
    private final Deliveries deliveries;
    private final Outbox outbox;
    private final CmsEnvelope cms;
    private final WorkingCalendar calendar;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public DocumentDistribution(AccessControl access, PlanRegister register, AgencyDirectory agencies, DocumentStore documents,
            Deliveries deliveries, Outbox outbox, CmsEnvelope cms, WorkingCalendar calendar, TransactionTemplate transaction,
            Clock clock) {
        this.access = access;
        this.register = register;
        this.agencies = agencies;
        this.documents = documents;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.cms = cms;
        this.calendar = calendar;
        this.transaction = transaction;
        this.clock = clock;
    }

    public Accepted upload(Caller caller, DocumentSubmission meta, String declaredFileName, byte[] content, String traceId) {
        Fields f = new Fields();
        DocumentKind kind = meta.kind() == null ? null : parseKind(f, meta.kind());
        if (meta.kind() == null) {
            f.add("kind", "is required");
        }
        String planId = f.required("planId", meta.planId(), 64);
        NhsNumber nhs = f.nhsNumber("nhsNumber", meta.nhsNumber());
        String title = f.required("title", meta.title(), 200);
        int ackDays = meta.acknowledgeWithinDays() == null ? DEFAULT_ACKNOWLEDGE_DAYS : meta.acknowledgeWithinDays();
        f.check(ackDays >= 1 && ackDays <= 60, "acknowledgeWithinDays", "must be between 1 and 60 working days");
        List<String> requested = meta.recipients() == null ? List.of() : meta.recipients();
        f.check(requested.size() <= MAX_RECIPIENTS, "recipients", "has more than " + MAX_RECIPIENTS + " members");
        for (int i = 0; i < requested.size(); i++) {
            f.check(requested.get(i) != null && requested.get(i).matches(ORG_ID), "recipients[" + i + "]", "is not an organisation id");
        }
        f.check(content != null && content.length > 0, "file", "is required and must not be empty");
        f.throwIfInvalid();

        // decided before anything is told: whether plan X exists, whose it is and whose number it carries is for social
        // care of the plan's own authority; to anyone else, for a plan that exists or not, the same audited refusal
        Plan plan = register.find(planId).filter(p -> p.nhsNumber().equals(nhs)).orElse(null);
        access.require(caller, Action.DOCUMENT_SEND, Resource.document(planId, plan == null ? null : plan.localAuthority(), nhs.value()),
                traceId);

        ContentInspector.AllowedType type = ContentInspector.sniff(content);
        String fileName = ContentInspector.safeFileName(declaredFileName, type);
        List<Agency> recipients = recipients(requested.isEmpty() ? plan.coreGroup() : requested, requested.isEmpty());
        List<byte[]> envelopes = cms.signAndEncrypt(content,
                recipients.stream().map(a -> Pem.readCertificate(a.certificatePem())).toList());

        Instant now = clock.instant();
        Instant due = calendar.endOfWorkingDaysAfter(now.atZone(calendar.zone()), ackDays).toInstant();
        Document document = new Document(UUID.randomUUID().toString(), kind, planId, nhs.value(), title, fileName,
                type.mediaType(), content.length, sha256(content), plan.localAuthority(), caller.username(), now, ackDays);
        String summary = kind.display() + " for " + plan.child().givenName() + " " + plan.child().familyName() + " (plan "
                + planId + "): \"" + title + "\". Please acknowledge by " + LocalDate.ofInstant(due, calendar.zone()) + ".";
        List<Delivery> created = new ArrayList<>();
        for (Agency recipient : recipients) {
            created.add(new Delivery(UUID.randomUUID().toString(), "document", document.id(), plan.localAuthority(),
                    recipient.id(), nhs.value(), summary, Delivery.Status.QUEUED, now, null, null, due, null, 0, null, null));
        }
        transaction.executeWithoutResult(status -> {
            documents.add(document);
            for (int i = 0; i < created.size(); i++) {
                Delivery d = created.get(i);
                deliveries.add(d, envelopes.get(i));
                outbox.enqueue(DeliveryQueues.SECURE_DELIVERY, d.id(), new DeliveryQueues.DeliveryRef(d.id()));
                if (recipients.get(i).pushUrl() != null) {
                    outbox.enqueue(DeliveryQueues.PUSH, "push-" + d.id(), new DeliveryQueues.DeliveryRef(d.id()));
                }
            }
        });
        return new Accepted(document, created);
    }

    public Document statusOf(Caller caller, String documentId, String traceId) {
        Document document = documents.find(documentId).orElse(null);
        // no such document: nobody's, so refused as another authority's would be, and audited; the caller cannot tell the two apart
        access.require(caller, Action.DOCUMENT_STATUS_READ, Resource.document(documentId, document == null ? null : document.localAuthority(),
                document == null ? null : document.nhsNumber()), traceId);
        if (document == null) {
            throw new NotFound("no document " + documentId);
        }
        return document;
    }

    /** Thrown when something asked for does not exist (the answer is 404). */
    public static class NotFound extends org.safeguarding.gateway.security.CodedException {
        public NotFound(String message) {
            super(Kind.NOT_FOUND, message);
        }
    }

    private List<Agency> recipients(List<String> ids, boolean fromCoreGroup) {
        Fields f = new Fields();
        List<Agency> found = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            Agency agency = agencies.find(id).orElse(null);
            if (agency == null) {
                f.add("recipients", id + " is not in the agencies directory");
            } else if (agency.certificatePem() == null) {
                f.add("recipients", id + " has no certificate to encrypt to");
            } else {
                found.add(agency);
            }
        }
        if (ids.isEmpty()) {
            f.add("recipients", fromCoreGroup ? "none given and the plan has no core group" : "none given");
        }
        f.throwIfInvalid();
        return found;
    }

    private static DocumentKind parseKind(Fields f, String code) {
        try {
            return DocumentKind.fromCode(code);
        } catch (IllegalArgumentException e) {
            f.add("kind", "must be one of cp-plan, conference-minutes, review-minutes");
            return null;
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
