package org.safeguarding.gateway.security.audit;

import java.time.Instant;

/**
 * What a verified time-stamp token says: when the TSA saw the data ({@code genTime}) and who signed that
 * ({@code tsaSubject}, the RFC 2253 subject of the TSA certificate carried in the token; not checked against any CA).
 */
public record StampedTime(Instant genTime, String tsaSubject) {}
