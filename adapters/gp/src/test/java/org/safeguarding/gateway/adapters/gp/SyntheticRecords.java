package org.safeguarding.gateway.adapters.gp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.delivery.Delivery;
import org.safeguarding.gateway.core.documents.Document;
import org.safeguarding.gateway.core.documents.DocumentKind;
import org.safeguarding.gateway.core.documents.DocumentStore;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.model.Child;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.model.PlanType;
import org.safeguarding.gateway.core.register.PlanRegister;

/**
 * One synthetic child, plan, authority and practice, and the core's stores holding them in memory: the stores take a
 * database only to query it, so overriding {@code find} is all a format needs of them.
 */
final class SyntheticRecords {

    static final String NHS = "9993828963";
    static final String AUTHORITY = "la-synthshire";
    static final String PRACTICE = "gp-y99999";
    static final String PRACTICE_MAILBOX = "X26GP01";
    static final String OWN_MAILBOX = "X26GW01";
    static final Instant NOW = Instant.parse("2026-03-02T09:15:30Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final Plan PLAN = new Plan("PLAN-SYN-0001", NhsNumber.parse(NHS), PlanType.CPP, LocalDate.of(2026, 1, 12), null, AUTHORITY,
            new Child("Alex", "Testchild", LocalDate.of(2019, 3, 7)), null, List.of(PRACTICE));
    static final Agency AUTHORITY_AGENCY = new Agency(AUTHORITY, Agency.LOCAL_AUTHORITY, "Synthshire Council", List.of("ZZ"),
            "01000 000000", null, null, null);

    final Map<String, Document> documents = new HashMap<>();

    final DocumentStore documentStore = new DocumentStore(null) {
        @Override
        public Optional<Document> find(String id) {
            return Optional.ofNullable(documents.get(id));
        }
    };

    final PlanRegister planRegister = new PlanRegister(null, CLOCK) {
        @Override
        public Optional<Plan> find(String planId) {
            return PLAN.planId().equals(planId) ? Optional.of(PLAN) : Optional.empty();
        }
    };

    final AgencyDirectory agencyDirectory = new AgencyDirectory(null) {
        @Override
        public Optional<Agency> find(String id) {
            return AUTHORITY.equals(id) ? Optional.of(AUTHORITY_AGENCY) : Optional.empty();
        }
    };

    GpConnectSendDocument format(GpConnectProperties properties) {
        return new GpConnectSendDocument(documentStore, planRegister, agencyDirectory, properties, CLOCK);
    }

    GpConnectSendDocument format() {
        return format(GpConnectProperties.defaults());
    }

    Document document(String id, String title, String contentType) {
        Document d = new Document(id, DocumentKind.CP_PLAN, PLAN.planId(), NHS, title, "plan.pdf", contentType, 1000, "0".repeat(64),
                AUTHORITY, "sw.synthetic", Instant.parse("2026-03-01T16:45:00Z"), 10);
        documents.put(id, d);
        return d;
    }

    static Delivery copyOf(Document document, String copyId) {
        return new Delivery(copyId, "document", document.id(), AUTHORITY, PRACTICE, NHS, "Child protection plan", Delivery.Status.QUEUED,
                NOW, null, null, NOW.plusSeconds(864_000), null, 0, null, null);
    }

    static Agency practice(String workflowId, boolean gpConnect) {
        return new Agency(PRACTICE, "gp", "Synthetic Surgery", List.of("ZZ"), null, null, null, null,
                new Agency.MeshAddress(PRACTICE_MAILBOX, workflowId, gpConnect));
    }

    /** A one-page PDF as an authority's case system would upload it. */
    static byte[] pdf() {
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            pdf.addPage(new PDPage());
            pdf.getDocumentInformation().setTitle("Synthetic plan");
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
