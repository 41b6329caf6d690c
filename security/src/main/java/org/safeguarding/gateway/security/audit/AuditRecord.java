package org.safeguarding.gateway.security.audit;

import java.time.Instant;

/** One link of the trail as stored: the entry, its place, and the hashes that chain it. */
public record AuditRecord(long seq, Instant time, AuditEntry entry, String previousHash, String hash) {}
