package org.safeguarding.gateway.core.delivery.mesh;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Authorization} header every MESH API call carries (NHS England's MESH client, AuthTokenGenerator):
 * {@code NHSMESH mailbox:nonce:count:timestamp:hmac}, the HMAC-SHA256 under the shared key of
 * {@code mailbox:nonce:count:password:timestamp}. Written here, not taken from a library: NHS publishes its client for
 * Python only, and the rule is five lines of the JDK's own HMAC.
 */
public final class MeshAuthorization {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);

    private MeshAuthorization() {}

    public static String header(String mailbox, String password, byte[] sharedKey, String nonce, long count, Instant now) {
        String timestamp = MINUTE.format(now);
        return "NHSMESH " + mailbox + ":" + nonce + ":" + count + ":" + timestamp + ":"
                + hmac(sharedKey, mailbox + ":" + nonce + ":" + count + ":" + password + ":" + timestamp);
    }

    /** The hex HMAC-SHA256 of {@code message} under {@code key}, as the header carries it (and a mailbox checks it). */
    public static String hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
