package org.safeguarding.gateway.server;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.CodedException;
import org.safeguarding.gateway.security.identity.KeycloakCallerConverter;
import org.safeguarding.gateway.security.identity.TokenVerifier;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Authentication only: every request but the public ones must carry a verified Keycloak bearer
 * token. What an authenticated caller may do is decided by the AccessPolicy at each entry point,
 * never here, so there is one place for that decision.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /**
     * What anyone may ask without a token: the API's description, like FHIR's CapabilityStatement, says what exists, never
     * what is in it. Not rate-limited either: there is no organisation to count them against.
     */
    private static final String[] PUBLIC = {"/fhir/metadata", "/api/v1/openapi.json", "/actuator/health", "/actuator/health/**",
            "/actuator/prometheus", "/error"};

    @Bean
    JwtDecoder jwtDecoder(GatewayProperties properties) {
        return TokenVerifier.forIssuer(properties.issuerUri(), properties.audience(), properties.tokenClockSkew());
    }

    /**
     * A request the firewall refuses (an encoded slash or dot segment in the path, a control character in a header) gets
     * the same clear 400 as any bad input, in the entry point's format, rather than the servlet container's HTML page.
     */
    @Bean
    RequestRejectedHandler requestRejected(FailureResponses failures) {
        return (request, response, rejected) -> failures.send(request, response,
                new CodedException(CodedException.Kind.MALFORMED_INPUT, rejected.getMessage()));
    }

    /**
     * An encoded slash in a path ({@code ..%2F..}) is passed on by Tomcat, which would otherwise refuse it with its own HTML
     * page, so that the firewall refuses it through {@link #requestRejected} like any other bad path.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> encodedSlashesToTheFirewall() {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling("passthrough"));
    }

    @Bean
    HttpFirewall firewall() {
        StrictHttpFirewall strict = new StrictHttpFirewall();
        strict.setAllowedHeaderNames(HeaderCharacters::allowed);
        strict.setAllowedHeaderValues(HeaderCharacters::allowed);
        return new HttpFirewall() {
            @Override
            public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
                FirewalledRequest checked = strict.getFirewalledRequest(request);
                readTheParameters(checked);
                return checked;
            }

            @Override
            public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
                return strict.getFirewalledResponse(response);
            }
        };
    }

    /**
     * The firewall checks parameter names and values (control characters) only when they are first read, and Tomcat
     * parses them only then; HAPI reads them inside its own error handling, which made either refusal a 500 on /fhir. Read
     * here, a refusal reaches {@link #requestRejected} as a 400 in the entry point's format. A multipart body is left to be
     * read later, under the upload limits (413 for too large a part).
     */
    private static void readTheParameters(HttpServletRequest request) {
        String type = request.getContentType();
        if (type != null && type.regionMatches(true, 0, "multipart/", 0, "multipart/".length())) {
            return;
        }
        try {
            request.getParameterMap();
        } catch (IllegalStateException unparsable) {
            // Tomcat's InvalidParameterException: a parameter without a name, a broken escape, too many parameters
            throw new RequestRejectedException("the request's parameters cannot be read");
        }
    }

    /**
     * The API's paths: bearer tokens only, no session, no CSRF (no cookie is ever read). First, so that a token is never
     * taken as a console session or the reverse. Everything else is the web console's (its own chain, signed in by a
     * session, which requires sign-in for every path but its style sheets and script).
     */
    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, AccessControl access, FailureResponses failures, OrganisationRateLimits rateLimits)
            throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, failure) -> refuse(access, failures, request, response, failure);
        http.securityMatcher("/api/**", "/fhir/**", "/actuator/**", "/error")
                .csrf(csrf -> csrf.disable())
                // Spring Security's defaults (nosniff, frame denial, no-store, HSTS on HTTPS) and no Referer to anywhere
                .headers(headers -> headers.referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.requestMatchers(PUBLIC).permitAll().anyRequest().authenticated())
                // after authorization: only an authenticated caller's organisation is counted (never a 429 before a 401)
                .addFilterAfter(new RateLimitFilter(rateLimits, new OrRequestMatcher(Arrays.stream(PUBLIC)
                        .<RequestMatcher>map(path -> PathPatternRequestMatcher.withDefaults().matcher(path)).toList()), failures), AuthorizationFilter.class)
                .oauth2ResourceServer(oauth -> oauth
                        .bearerTokenResolver(new BearerTokenHeader())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new KeycloakCallerConverter()))
                        .authenticationEntryPoint(unauthenticated))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated));
        return http.build();
    }

    /** The limits are a bean; their filter is made in {@link #api} only, as a filter bean would also run in the servlet container's chain, before authentication. */
    @Bean
    OrganisationRateLimits organisationRateLimits(RateLimitProperties properties, MeterRegistry metrics) {
        return new OrganisationRateLimits(properties, metrics);
    }

    /** Every refusal is audited, the unauthenticated ones too. */
    private static void refuse(AccessControl access, FailureResponses failures, HttpServletRequest request,
            HttpServletResponse response, AuthenticationException failure) throws IOException {
        String problem = request.getHeader("Authorization") == null ? "no bearer token" : failure.getMessage();
        access.recordUnauthenticated(request.getMethod() + " " + request.getRequestURI(), problem, request.getHeader("TraceID"));
        response.setHeader("WWW-Authenticate", "Bearer realm=\"safeguarding\"");
        failures.send(request, response, new CodedException(CodedException.Kind.UNAUTHENTICATED, problem));
    }
}
