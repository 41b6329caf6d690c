package org.safeguarding.gateway.security.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

class VerifiedTokensTest {

    private static final Instant ISSUED = Instant.parse("2026-11-26T10:00:00Z");

    /** One time for the validator, the expiry and the cache's ticker, moved by the tests. */
    private final AtomicReference<Instant> now = new AtomicReference<>(ISSUED);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private final AtomicInteger verifications = new AtomicInteger();
    private final JwtTimestampValidator time = new JwtTimestampValidator(Duration.ZERO);

    /** As the real decoder: signature first, then the times (the same validator the memory uses). */
    private final JwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        if (token.startsWith("bad")) {
            throw new BadJwtException("bad signature");
        }
        Jwt.Builder builder = Jwt.withTokenValue(token).header("alg", "RS256").subject("u1").issuedAt(ISSUED);
        Jwt jwt = token.startsWith("no-exp") ? builder.build() : builder.expiresAt(ISSUED.plusSeconds(300)).build();
        var result = time.validate(jwt);
        if (result.hasErrors()) {
            throw new BadJwtException("An error occurred while attempting to decode the Jwt: "
                    + result.getErrors().iterator().next().getDescription());
        }
        return jwt;
    };

    /** The memory on the test's time: it forgets each token at its expiry. */
    private final VerifiedTokens tokens;

    VerifiedTokensTest() {
        time.setClock(clock);
        tokens = new VerifiedTokens(verifier, time, clock, () -> Duration.between(ISSUED, now.get()).toNanos());
    }

    @Test
    void a_token_is_verified_once_then_remembered() {
        at(ISSUED.plusSeconds(10));
        assertThat(tokens.decode("t1").getSubject()).isEqualTo("u1");
        assertThat(tokens.decode("t1").getSubject()).isEqualTo("u1");
        tokens.decode("t2");
        assertThat(verifications).hasValue(2);
        assertThat(tokens.size()).isEqualTo(2);
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
    void the_times_are_checked_on_every_use_whatever_the_memory_keeps() {
        // a memory whose own time stands still never forgets: a remembered token must still fail at its expiry
        VerifiedTokens frozen = new VerifiedTokens(verifier, time, clock, () -> 0L);
        at(ISSUED.plusSeconds(10));
        frozen.decode("t1");
        at(ISSUED.plusSeconds(301));
        assertThatThrownBy(() -> frozen.decode("t1")).isInstanceOf(BadJwtException.class).hasMessageContaining("expired");
        assertThat(verifications).as("refused from the memory, not by verifying again").hasValue(1);
        assertThat(frozen.size()).as("and forgotten").isZero();
    }

    @Test
    void a_token_leaves_the_memory_at_its_expiry_even_if_never_sent_again() {
        at(ISSUED.plusSeconds(10));
        tokens.decode("t1");
        at(ISSUED.plusSeconds(299));
        assertThat(tokens.size()).as("still valid, still remembered").isEqualTo(1);
        at(ISSUED.plusSeconds(300));
        assertThat(tokens.size()).isZero();
    }

    @Test
    void a_token_without_an_expiry_is_remembered_for_a_bounded_time() {
        at(ISSUED.plusSeconds(10));
        tokens.decode("no-exp-1");
        tokens.decode("no-exp-1");
        assertThat(verifications).hasValue(1);
        at(ISSUED.plusSeconds(10).plus(VerifiedTokens.WITHOUT_EXPIRY));
        assertThat(tokens.size()).isZero();
        tokens.decode("no-exp-1");
        assertThat(verifications).as("verified again once forgotten").hasValue(2);
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
        assertThat(verifications).hasValue(VerifiedTokens.MAX_ENTRIES + 1);
        assertThat(tokens.size()).as("full, not more, and not emptied either").isEqualTo(VerifiedTokens.MAX_ENTRIES);
    }

    private void at(Instant instant) {
        now.set(instant);
    }
}
