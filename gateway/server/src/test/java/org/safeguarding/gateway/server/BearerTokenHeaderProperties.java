package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** The fast Authorization header reading gives exactly what Spring Security's resolver gives. */
class BearerTokenHeaderProperties {

    private static final Pattern SPRING_RULE = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$", Pattern.CASE_INSENSITIVE);

    @Property(tries = 5000)
    void agrees_with_springs_rule_on_any_header(@ForAll("headers") String header) {
        if (!header.regionMatches(true, 0, "bearer", 0, 6)) {
            assertThat(BearerTokenHeader.tokenIn(header)).as(header).isNull();
            return;
        }
        Matcher spring = SPRING_RULE.matcher(header);
        if (spring.matches()) {
            assertThat(BearerTokenHeader.tokenIn(header)).as(header).isEqualTo(spring.group("token"));
        } else {
            assertThatThrownBy(() -> BearerTokenHeader.tokenIn(header)).as(header)
                    .isInstanceOf(OAuth2AuthenticationException.class).hasMessageContaining("malformed");
        }
    }

    @Property(tries = 500)
    void resolves_a_request_as_spring_does(@ForAll("headers") String header, @ForAll boolean queryToken) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/CareTeam");
        request.addHeader("Authorization", header);
        if (queryToken) {
            request.setQueryString("access_token=abc");
            request.addParameter("access_token", "abc");
        }
        String expected;
        try {
            expected = new DefaultBearerTokenResolver().resolve(request);
        } catch (OAuth2AuthenticationException refused) {
            assertThatThrownBy(() -> new BearerTokenHeader().resolve(request)).as(header)
                    .isInstanceOf(OAuth2AuthenticationException.class);
            return;
        }
        assertThat(new BearerTokenHeader().resolve(request)).as(header).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> scheme = Arbitraries.of("Bearer ", "bearer ", "BEARER ", "BeArEr ", "Bearer", "Bearer  ", "Bearerx",
                "Basic ", "", "bear");
        Arbitrary<String> token = Arbitraries.strings().withChars("aZ09-._~+/=").withChars(" \t%é:,")
                .ofMaxLength(24);
        return net.jqwik.api.Combinators.combine(scheme, token).as(String::concat);
    }

    @Example
    void a_keycloak_token_is_read_and_a_broken_one_refused() {
        assertThat(BearerTokenHeader.tokenIn("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln")).isEqualTo("eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
        assertThat(BearerTokenHeader.tokenIn("bearer abc==")).isEqualTo("abc==");
        assertThat(BearerTokenHeader.tokenIn("Basic dXNlcjpwYXNz")).isNull();
        assertThat(BearerTokenHeader.tokenIn(null)).isNull();
        assertThatThrownBy(() -> BearerTokenHeader.tokenIn("Bearer ==")).isInstanceOf(OAuth2AuthenticationException.class);
        assertThatThrownBy(() -> BearerTokenHeader.tokenIn("Bearer a b")).isInstanceOf(OAuth2AuthenticationException.class);
    }
}
