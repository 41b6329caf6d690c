package org.safeguarding.gateway.core.persistence;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Message ids in the RFC 9562 version 7 layout: 48 bits of Unix milliseconds, then 74 random bits.
 * For rows written on the hot path (an access notification per lookup): a random UUID as primary
 * key lands every insert on a different B-tree leaf, each rewritten whole at commit, whereas ids
 * that grow with time append to the same few leaves. Still unguessable, and unique without
 * coordination.
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {}

    public static String next(Clock clock) {
        long millis = clock.millis();
        long msb = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
