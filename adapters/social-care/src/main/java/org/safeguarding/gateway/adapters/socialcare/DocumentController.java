package org.safeguarding.gateway.adapters.socialcare;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.safeguarding.gateway.core.delivery.Deliveries;
import org.safeguarding.gateway.core.delivery.Delivery;
import org.safeguarding.gateway.core.documents.Document;
import org.safeguarding.gateway.core.documents.DocumentDistribution;
import org.safeguarding.gateway.core.documents.DocumentSubmission;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.identity.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Plans and conference minutes from a local authority, sent once to every core-group agency. */
@RestController
@RequestMapping("/api/v1/documents")
public class DocumentController {

    private final DocumentDistribution distribution;
    private final Deliveries deliveries;
    private final JsonMapper json;
    private final Clock clock;

    public DocumentController(DocumentDistribution distribution, Deliveries deliveries, JsonMapper json, Clock clock) {
        this.distribution = distribution;
        this.deliveries = deliveries;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<DocumentStatus> upload(@RequestPart(name = "metadata", required = false) String metadata,
            @RequestPart(name = "file", required = false) MultipartFile file,
            @RequestHeader(name = "TraceID", required = false) String traceId, HttpServletRequest request)
            throws IOException, ServletException {
        onlyOnce(request, "metadata");
        onlyOnce(request, "file");
        if (metadata == null || metadata.isBlank()) {
            throw InvalidInput.of("metadata", "the multipart part 'metadata' (JSON) is required");
        }
        if (file == null) {
            throw InvalidInput.of("file", "the multipart part 'file' is required");
        }
        DocumentSubmission submission;
        try {
            submission = json.readValue(metadata, DocumentSubmission.class);
        } catch (JacksonException e) {
            throw InvalidInput.of("metadata", "is not a JSON object of the documented shape");
        }
        DocumentDistribution.Accepted accepted = distribution.upload(Callers.current(), submission, file.getOriginalFilename(),
                file.getBytes(), traceId);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(DocumentStatus.of(accepted.document(), accepted.deliveries(), clock.instant()));
    }

    /** Spring would take the first of two parts of one name and drop the other unseen: which did the sender mean? Neither. */
    private static void onlyOnce(HttpServletRequest request, String part) throws IOException, ServletException {
        if (request.getParts().stream().filter(p -> part.equals(p.getName())).count() > 1) {
            throw InvalidInput.of(part, "the multipart part '" + part + "' is sent more than once; send it once");
        }
    }

    @GetMapping("/{id}")
    public DocumentStatus status(@PathVariable String id, @RequestHeader(name = "TraceID", required = false) String traceId) {
        Document document = distribution.statusOf(Callers.current(), id, traceId);
        return DocumentStatus.of(document, deliveries.forReference(id), clock.instant());
    }

    public record DocumentStatus(String id, String kind, String planId, String nhsNumber, String title, String fileName,
            String contentType, long sizeBytes, String sha256, Instant uploadedAt, List<RecipientStatus> deliveries) {
        static DocumentStatus of(Document d, List<Delivery> copies, Instant now) {
            return new DocumentStatus(d.id(), d.kind().code(), d.planId(), d.nhsNumber(), d.title(), d.fileName(), d.contentType(),
                    d.sizeBytes(), d.sha256(), d.uploadedAt(), copies.stream().map(c -> RecipientStatus.of(c, now)).toList());
        }
    }

    /** {@code failure}: why a failed copy failed (the recipient system's code, a MESH non-delivery report); null otherwise. */
    public record RecipientStatus(String recipient, String status, Instant deliveredAt, Instant acknowledgedAt, Instant dueAt,
            Instant pushedAt, String failure) {
        static RecipientStatus of(Delivery d, Instant now) {
            return new RecipientStatus(d.recipient(), d.statusAt(now), d.deliveredAt(), d.acknowledgedAt(), d.dueAt(), d.pushedAt(),
                    d.failure());
        }
    }
}
