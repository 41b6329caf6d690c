package org.safeguarding.gateway.core.documents;

import java.util.List;

/** The metadata part of an upload, still as sent; {@link DocumentDistribution} validates it. */
public record DocumentSubmission(
        String kind,
        String planId,
        String nhsNumber,
        String title,
        List<String> recipients,
        Integer acknowledgeWithinDays) {}
