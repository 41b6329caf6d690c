package org.safeguarding.gateway.security.identity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Builds the only JwtDecoder the gateway trusts: keys from the issuer's JWKS (selected by kid,
 * RS256), and issuer, expiry/not-before (with the given allowance for clock drift) and audience all checked;
 * a token verified once is remembered, its times checked again on each use ({@link VerifiedTokens}).
 */
public final class TokenVerifier {

    private TokenVerifier() {}

    public static JwtDecoder forIssuer(String issuerUri, String audience, Duration clockSkew) {
        String jwkSetUri = issuerUri.replaceAll("/+$", "") + "/protocol/openid-connect/certs";
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        JwtTimestampValidator time = new JwtTimestampValidator(clockSkew);
        validators.add(time);
        validators.add(new JwtIssuerValidator(issuerUri));
        validators.add(audienceValidator(audience));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return new VerifiedTokens(decoder, time);
    }

    /** Keycloak sends {@code aud} as a string or an array; Spring reads both as a list. */
    static OAuth2TokenValidator<Jwt> audienceValidator(String audience) {
        return jwt -> {
            List<String> aud = jwt.getAudience();
            if (aud != null && aud.contains(audience)) {
                return OAuth2TokenValidatorResult.success();
            }
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                    "the token is not meant for this gateway (audience " + audience + " missing)", null));
        };
    }
}
