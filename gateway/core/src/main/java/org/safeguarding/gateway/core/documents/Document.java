package org.safeguarding.gateway.core.documents;

import java.time.Instant;

/** A document as recorded: who sent what about whom. The file itself exists only as per-recipient envelopes. */
public record Document(
        String id,
        DocumentKind kind,
        String planId,
        String nhsNumber,
        String title,
        String fileName,
        String contentType,
        long sizeBytes,
        String sha256,
        String localAuthority,
        String uploadedBy,
        Instant uploadedAt,
        int acknowledgeWithinDays) {}
