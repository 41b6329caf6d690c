package org.safeguarding.gateway.security.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The digest chain: each record's hash covers its own fields and the previous record's hash, so
 * editing, deleting or reordering any record breaks every later link. Fields are length-prefixed
 * so that no two different records can encode to the same bytes.
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {}

    public static String link(String previousHash, long seq, Instant time, AuditEntry e) {
        MessageDigest sha256 = sha256();
        update(sha256, previousHash);
        update(sha256, Long.toString(seq));
        update(sha256, time.toString());
        update(sha256, e.subject());
        update(sha256, e.roles());
        update(sha256, e.orgId());
        update(sha256, e.action());
        update(sha256, e.resource());
        update(sha256, e.nhsNumber());
        update(sha256, e.outcome());
        update(sha256, e.traceId());
        update(sha256, e.reason());
        // added after the trail's first records: hashed only when present, so those records still verify as written
        if (e.callerName() != null) {
            update(sha256, e.callerName());
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void update(MessageDigest digest, String field) {
        if (field == null) {
            digest.update((byte) 0);
            return;
        }
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) 1);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
