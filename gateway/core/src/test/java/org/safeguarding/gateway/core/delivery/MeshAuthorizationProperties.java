package org.safeguarding.gateway.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.delivery.mesh.MeshAuthorization;

/** MESH's token: its layout as NHS's client writes it, and its HMAC as OpenSSL computes it (MESH.md's bash line). */
class MeshAuthorizationProperties {

    @Property
    void theHeaderIsMailboxNonceCountMinuteAndTheHmacOfThemWithThePassword(@ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 20) String mailbox,
            @ForAll @StringLength(min = 1, max = 40) String password, @ForAll @LongRange(min = 0, max = 1_000_000) long count,
            @ForAll @LongRange(min = 0, max = 4_000_000_000L) long epochSecond) {
        String nonce = java.util.UUID.randomUUID().toString();
        byte[] key = "TestKey".getBytes(StandardCharsets.UTF_8);
        String header = MeshAuthorization.header(mailbox, password, key, nonce, count, Instant.ofEpochSecond(epochSecond));
        String[] parts = header.substring("NHSMESH ".length()).split(":");
        assertThat(header).startsWith("NHSMESH ");
        assertThat(parts).hasSize(5);
        assertThat(parts[0]).isEqualTo(mailbox);
        assertThat(parts[1]).isEqualTo(nonce);
        assertThat(parts[2]).isEqualTo(Long.toString(count));
        assertThat(parts[3]).matches("\\d{12}");
        assertThat(parts[4]).isEqualTo(MeshAuthorization.hmac(key, mailbox + ":" + nonce + ":" + count + ":" + password + ":" + parts[3]));
        assertThat(parts[4]).matches("[0-9a-f]{64}");
    }

    /** The same HMAC as {@code printf '%s' "$M:$N:1:$PW:$TS" | openssl dgst -sha256 -hmac "$KEY" -r}, run here. */
    @Test
    void theHmacIsOpenSslsHmac() throws Exception {
        String message = "X26ABC1:4a7e8d3c-0000-4000-8000-000000000001:1:password:202612061030";
        Process openssl = new ProcessBuilder("openssl", "dgst", "-sha256", "-hmac", "TestKey", "-r").start();
        openssl.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
        openssl.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        openssl.getInputStream().transferTo(out);
        assertThat(openssl.waitFor()).isZero();
        String expected = out.toString(StandardCharsets.US_ASCII).split(" ")[0].trim();
        assertThat(MeshAuthorization.hmac("TestKey".getBytes(StandardCharsets.UTF_8), message)).isEqualTo(expected);
        assertThat(HexFormat.of().parseHex(expected)).hasSize(32);
    }
}
