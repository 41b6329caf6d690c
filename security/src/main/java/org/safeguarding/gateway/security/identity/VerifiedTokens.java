package org.safeguarding.gateway.security.identity;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 */
final class VerifiedTokens implements JwtDecoder {

    static final int MAX_ENTRIES = 10_000;

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> timeValidator;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    VerifiedTokens(JwtDecoder verifier, OAuth2TokenValidator<Jwt> timeValidator) {
        this.verifier = verifier;
        this.timeValidator = timeValidator;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.get(token);
        if (known == null) {
            Jwt jwt = verifier.decode(token);
            remember(token, jwt);
            return jwt;
        }
        OAuth2TokenValidatorResult result = timeValidator.validate(known);
        if (result.hasErrors()) {
            verified.remove(token);
            throw new BadJwtException("An error occurred while attempting to decode the Jwt: "
                    + result.getErrors().iterator().next().getDescription());
        }
        return known;
    }

    private void remember(String token, Jwt jwt) {
        if (verified.size() >= MAX_ENTRIES) {
            verified.values().removeIf(j -> timeValidator.validate(j).hasErrors());
            if (verified.size() >= MAX_ENTRIES) {
                verified.clear();
            }
        }
        verified.put(token, jwt);
    }

    int size() {
        return verified.size();
    }
}
