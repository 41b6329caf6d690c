package org.safeguarding.gateway.core.documents;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
import org.safeguarding.gateway.core.delivery.Delivery;
import org.safeguarding.gateway.core.delivery.SecureCopies;
import org.safeguarding.gateway.core.flow.FlowCall;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.safeguarding.gateway.core.validation.Fields;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;

/**
 * The steps of document-distribution ({@link DocumentDistributionRoute}): the social worker's upload checked, decided (social
 * care of the plan's own local authority), inspected (PDF, DOCX or text, by content), then one secure copy per recipient
 * (default: the plan's core group), committed with the document record. Only envelopes are stored; the plaintext lives in
 * memory for the length of the request.
 */
public class DocumentDistribution {

    public static final int DEFAULT_ACKNOWLEDGE_DAYS = 5;
    private static final int MAX_RECIPIENTS = 50;
    private static final String ORG_ID = "[a-z0-9][a-z0-9-]{0,99}";

    public record Accepted(Document document, List<Delivery> deliveries) {}

    /** What the social worker sent. */
    public record Upload(Caller caller, DocumentSubmission meta, String declaredFileName, byte[] content, String traceId) {}

    /** The upload's fields, each checked. */
    public record Checked(Upload upload, DocumentKind kind, String planId, NhsNumber nhs, String title, int acknowledgeDays,
            List<String> recipients) {}

    /** A checked upload the caller may send, about its plan. */
    public record Allowed(Checked checked, Plan plan) {}

    /** The document to record, the recipients it goes to, what their inboxes say and by when they acknowledge. */
    public record Inspected(Document document, List<Agency> recipients, String summary, Instant due, byte[] content) {}

    private final AccessControl access;
    private final PlanRegister register;
    private final AgencyDirectory agencies;
    private final DocumentStore documents;
    private final SecureCopies copies;
    private final FlowCall flows;
    private final WorkingCalendar calendar;
    private final Clock clock;

    public DocumentDistribution(AccessControl access, PlanRegister register, AgencyDirectory agencies, DocumentStore documents,
            SecureCopies copies, FlowCall flows, WorkingCalendar calendar, Clock clock) {
        this.access = access;
        this.register = register;
        this.agencies = agencies;
        this.documents = documents;
        this.copies = copies;
        this.flows = flows;
        this.calendar = calendar;
        this.clock = clock;
    }

    /** The upload, through {@link DocumentDistributionRoute}: answers once every copy is committed. */
    public Accepted upload(Caller caller, DocumentSubmission meta, String declaredFileName, byte[] content, String traceId) {
        return flows.request(DocumentDistributionRoute.URI, new Upload(caller, meta, declaredFileName, content, traceId), Accepted.class);
    }

    /** Every field checked, every problem named at once (400). */
    public Checked check(Upload upload) {
        DocumentSubmission meta = upload.meta();
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
        f.check(upload.content() != null && upload.content().length > 0, "file", "is required and must not be empty");
        f.throwIfInvalid();
        return new Checked(upload, kind, planId, nhs, title, ackDays, requested);
    }

    /**
     * Decided before anything is told: whether plan X exists, whose it is and whose number it carries is for social care of
     * the plan's own authority; to anyone else, for a plan that exists or not, the same audited refusal.
     */
    public Allowed authorise(Checked c) {
        Plan plan = register.find(c.planId()).filter(p -> p.nhsNumber().equals(c.nhs())).orElse(null);
        access.require(c.upload().caller(), Action.DOCUMENT_SEND,
                Resource.document(c.planId(), plan == null ? null : plan.localAuthority(), c.nhs().value()), c.upload().traceId());
        return new Allowed(c, plan);
    }

    /** The file's type by its content (415 otherwise), a safe name, the recipients found, the document record made. */
    public Inspected inspect(Allowed a) {
        Checked c = a.checked();
        Plan plan = a.plan();
        byte[] content = c.upload().content();
        ContentInspector.AllowedType type = ContentInspector.sniff(content);
        String fileName = ContentInspector.safeFileName(c.upload().declaredFileName(), type);
        List<Agency> recipients = recipients(c.recipients().isEmpty() ? plan.coreGroup() : c.recipients(), c.recipients().isEmpty());
        Instant now = clock.instant();
        Instant due = calendar.endOfWorkingDaysAfter(now.atZone(calendar.zone()), c.acknowledgeDays()).toInstant();
        Document document = new Document(UUID.randomUUID().toString(), c.kind(), c.planId(), c.nhs().value(), c.title(), fileName,
                type.mediaType(), content.length, sha256(content), plan.localAuthority(), c.upload().caller().username(), now,
                c.acknowledgeDays());
        String summary = c.kind().display() + " for " + plan.child().givenName() + " " + plan.child().familyName() + " (plan "
                + c.planId() + "): \"" + c.title() + "\". Please acknowledge by " + LocalDate.ofInstant(due, calendar.zone()) + ".";
        return new Inspected(document, recipients, summary, due, content);
    }

    /** One copy per recipient: the whole document (a plan or minutes go whole to the core group). */
    public List<SecureCopies.Request> copiesFor(Inspected i) {
        Document d = i.document();
        return i.recipients().stream().map(r -> new SecureCopies.Request("document", d.id(), d.localAuthority(), r.id(), d.nhsNumber(),
                i.summary(), i.content(), i.due())).toList();
    }

    /** The document record and every copy in one commit, so a 202 means each recipient has it. */
    public Accepted commit(Inspected i, List<SecureCopies.Prepared> sealed) {
        List<SecureCopies.Prepared> all = sealed == null ? List.of() : sealed;
        copies.commit(List.of(), () -> documents.add(i.document()), all);
        return new Accepted(i.document(), SecureCopies.sealedOnly(all).stream().map(SecureCopies.Sealed::delivery).toList());
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
