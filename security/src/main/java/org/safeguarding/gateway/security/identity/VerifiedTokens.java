package org.safeguarding.gateway.security.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens whose signature, issuer and audience have already been verified, so that a
 * client sending the same token for a run of lookups pays for the RSA check and the JSON parsing
 * once. Time is never remembered: expiry and not-before are checked again on every use, so a
 * cached token stops working at the same instant an uncached one would. Only successes are kept.
 *
 * <p>The memory is a Caffeine cache rather than a map of our own: bounded, expiring caching under
 * concurrency (eviction that keeps the tokens in use rather than dropping everything when full,
 * entries that leave at their own time, no unbounded growth between clean-ups) is what a
 * well-kept library does well and hand-written code tends to get subtly wrong. It holds at most
 * {@link #MAX_ENTRIES} tokens, and each for no longer than its own {@code exp} (a token without one
 * for at most {@link #WITHOUT_EXPIRY}), so an expired token leaves the memory even if it is never
 * sent again.
 */
final class VerifiedTokens implements JwtDecoder {

    static final int MAX_ENTRIES = 10_000;
    /** How long a token without an {@code exp} is remembered (Keycloak's tokens all carry one, for 300 s). */
    static final Duration WITHOUT_EXPIRY = Duration.ofMinutes(5);

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> timeValidator;
    private final Cache<String, Jwt> verified;

    VerifiedTokens(JwtDecoder verifier, OAuth2TokenValidator<Jwt> timeValidator) {
        this(verifier, timeValidator, Clock.systemUTC(), Ticker.systemTicker());
    }

    /**
     * @param clock  the wall clock against which a token's {@code exp} is turned into the time it may stay
     * @param ticker the cache's own time source (the same time as {@code clock}, in nanoseconds)
     */
    VerifiedTokens(JwtDecoder verifier, OAuth2TokenValidator<Jwt> timeValidator, Clock clock, Ticker ticker) {
        this.verifier = verifier;
        this.timeValidator = timeValidator;
        this.verified = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfter(Expiry.<String, Jwt>writing((token, jwt) -> untilExpiry(jwt, clock)))
                .ticker(ticker)
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        if (known == null) {
            Jwt jwt = verifier.decode(token);
            verified.put(token, jwt);
            return jwt;
        }
        OAuth2TokenValidatorResult result = timeValidator.validate(known);
        if (result.hasErrors()) {
            verified.invalidate(token);
            throw new BadJwtException("An error occurred while attempting to decode the Jwt: "
                    + result.getErrors().iterator().next().getDescription());
        }
        return known;
    }

    private static Duration untilExpiry(Jwt jwt, Clock clock) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return WITHOUT_EXPIRY;
        }
        Duration left = Duration.between(clock.instant(), expiresAt);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** How many tokens are remembered, after any pending evictions and expiries have been carried out. */
    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }
}
