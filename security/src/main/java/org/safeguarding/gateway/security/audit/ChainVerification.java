package org.safeguarding.gateway.security.audit;

/**
 * The result of walking the trail. {@code firstBrokenRecord} is the sequence number of the first
 * record whose link does not hold (null when valid); {@code problem} says what was wrong there.
 */
public record ChainVerification(boolean valid, long records, Long firstBrokenRecord, String problem) {

    public static ChainVerification intact(long records) {
        return new ChainVerification(true, records, null, null);
    }

    public static ChainVerification brokenAt(long records, long seq, String problem) {
        return new ChainVerification(false, records, seq, problem);
    }
}
