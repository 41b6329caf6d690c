package org.safeguarding.gateway.security.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A signed statement that the trail, up to and including record {@code seq}, ends in
 * {@code recordHash}. What is signed is {@link #statement()}, so the stored fields can be checked
 * against the signature. {@code timeStampToken} (RFC 3161, over the signature) is null when no TSA
 * is configured.
 */
public record Checkpoint(long seq, String recordHash, Instant signedAt, byte[] signature, byte[] timeStampToken) {

    static final String FORMAT = "safeguarding-gateway audit checkpoint v1";

    public byte[] statement() {
        return statement(seq, recordHash, signedAt);
    }

    static byte[] statement(long seq, String recordHash, Instant signedAt) {
        return (FORMAT + "\nseq " + seq + "\nrecord-hash " + recordHash + "\nsigned-at " + signedAt + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
