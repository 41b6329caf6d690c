package org.safeguarding.gateway.security.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

class VerifiedTokensTest {

    private static final Instant ISSUED = Instant.parse("2026-11-26T10:00:00Z");

    private final AtomicInteger verifications = new AtomicInteger();
    private final JwtTimestampValidator time = new JwtTimestampValidator(Duration.ZERO);

    private final JwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        if (token.startsWith("bad")) {
            throw new BadJwtException("bad signature");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("u1").issuedAt(ISSUED)
                .expiresAt(ISSUED.plusSeconds(300)).build();
    };

    private final VerifiedTokens tokens = new VerifiedTokens(verifier, time);

    @Test
    void a_token_is_verified_once_then_remembered() {
        at(ISSUED.plusSeconds(10));
        assertThat(tokens.decode("t1").getSubject()).isEqualTo("u1");
        assertThat(tokens.decode("t1").getSubject()).isEqualTo("u1");
        tokens.decode("t2");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void a_remembered_token_stops_working_when_it_expires() {
        at(ISSUED.plusSeconds(10));
        tokens.decode("t1");
        at(ISSUED.plusSeconds(301));
        assertThatThrownBy(() -> tokens.decode("t1")).isInstanceOf(BadJwtException.class).hasMessageContaining("expired");
        assertThat(tokens.size()).isZero();
    }

    @Test
    void failures_are_not_remembered() {
        assertThatThrownBy(() -> tokens.decode("bad-1")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("bad-1")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void the_memory_is_bounded() {
        at(ISSUED.plusSeconds(10));
        for (int i = 0; i <= VerifiedTokens.MAX_ENTRIES; i++) {
            tokens.decode("t" + i);
        }
        assertThat(tokens.size()).isLessThanOrEqualTo(VerifiedTokens.MAX_ENTRIES);
    }

    private void at(Instant now) {
        time.setClock(Clock.fixed(now, ZoneOffset.UTC));
    }
}
