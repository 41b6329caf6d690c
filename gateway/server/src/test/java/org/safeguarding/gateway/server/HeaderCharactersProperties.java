package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

/** The fast header rule says exactly what Spring Security's regular expression says. */
class HeaderCharactersProperties {

    private static final Pattern SPRING_RULE = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    @Property(tries = 3000)
    void agrees_with_the_regular_expression_on_any_text(@ForAll @StringLength(max = 40) String text) {
        assertThat(HeaderCharacters.allowed(text)).as(text).isEqualTo(SPRING_RULE.matcher(text).matches());
    }

    @Property(tries = 1000)
    void agrees_near_the_ascii_and_latin_1_edges(@ForAll @StringLength(max = 20) @CharRange(from = 0, to = 0x200) String text) {
        assertThat(HeaderCharacters.allowed(text)).as(text).isEqualTo(SPRING_RULE.matcher(text).matches());
    }

    @Example
    void a_bearer_token_passes_and_control_characters_do_not() {
        assertThat(HeaderCharacters.allowed("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln")).isTrue();
        assertThat(HeaderCharacters.allowed("café ☕ 😀")).isTrue();
        assertThat(HeaderCharacters.allowed("a\r\nSet-Cookie: x")).isFalse();
        assertThat(HeaderCharacters.allowed("tab\there")).isFalse();
        assertThat(HeaderCharacters.allowed("del\u007f")).isFalse();
        assertThat(HeaderCharacters.allowed("unassigned\u0378")).isFalse();
        assertThat(HeaderCharacters.allowed("lone surrogate \ud800")).isEqualTo(SPRING_RULE.matcher("lone surrogate \ud800").matches());
    }
}
