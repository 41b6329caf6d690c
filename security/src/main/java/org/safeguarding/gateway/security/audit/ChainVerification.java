package org.safeguarding.gateway.security.audit;

/**
 * The result of verifying the trail. {@code firstBrokenRecord} is the sequence number of the first
 * record whose link does not hold, or where records are missing (null when valid);
 * {@code brokenCheckpoint} the record number of a checkpoint whose signature or statement does not
 * hold; {@code problem} says what was wrong. {@code checkpoints} counts the signed checkpoints
 * verified, {@code lastCheckpoint} is the newest one's record number.
 */
public record ChainVerification(boolean valid, long records, Long firstBrokenRecord, String problem, int checkpoints,
        Long lastCheckpoint, Long brokenCheckpoint) {

    public static ChainVerification intact(long records) {
        return new ChainVerification(true, records, null, null, 0, null, null);
    }

    public static ChainVerification brokenAt(long records, long seq, String problem) {
        return new ChainVerification(false, records, seq, problem, 0, null, null);
    }

    ChainVerification withCheckpoints(int verified, Long last) {
        return new ChainVerification(valid, records, firstBrokenRecord, problem, verified, last, brokenCheckpoint);
    }

    static ChainVerification forgedCheckpoint(int verified, long checkpointSeq, String problem) {
        return new ChainVerification(false, 0, null, problem, verified, null, checkpointSeq);
    }
}
