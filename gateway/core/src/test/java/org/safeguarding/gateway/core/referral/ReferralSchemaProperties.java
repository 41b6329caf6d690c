package org.safeguarding.gateway.core.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.safeguarding.gateway.core.validation.Fields;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.CodedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The published referral schema as the API applies it: any referral the schema describes is read with every field kept;
 * anything else is refused as InvalidInput naming fields (never another exception, never accepted); one field spoiled is
 * named.
 */
class ReferralSchemaProperties {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> CATEGORIES = List.of("physical-abuse", "emotional-abuse", "sexual-abuse", "neglect", "domestic-abuse",
            "exploitation", "other");

    @Property(tries = 300)
    void aReferralTheSchemaDescribesIsReadWithEveryField(@ForAll("referrals") ObjectNode body) {
        Referral r = ReferralSchema.read(body);
        assertThat(r.urgency().code()).isEqualTo(body.get("urgency").asString());
        assertThat(r.children()).hasSize(body.get("children").size());
        for (int i = 0; i < r.children().size(); i++) {
            JsonNode c = body.get("children").get(i);
            assertThat(r.children().get(i).givenName()).isEqualTo(c.get("givenName").asString());
            assertThat(r.children().get(i).birthDate()).isEqualTo(LocalDate.parse(c.get("birthDate").asString()));
        }
        assertThat(r.concerns()).extracting(Referral.Concern::category).isSubsetOf(CATEGORIES);
        assertThat(r.referrer().phone()).isEqualTo(body.get("referrer").get("phone").asString());
    }

    @Property(tries = 300)
    void oneFieldSpoiledIsNamed(@ForAll("referrals") ObjectNode body, @ForAll("spoilers") Spoiler spoiler) {
        spoiler.apply(body);
        assertThatThrownBy(() -> ReferralSchema.read(body)).isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((CodedException) e).violations()).extracting(CodedException.Violation::field)
                        .contains(spoiler.field()));
    }

    @Property(tries = 500)
    void arbitraryJsonIsReadOrRefusedAsBadInputNeverAnythingElse(@ForAll @StringLength(max = 60) String text,
            @ForAll("fieldNames") String name) {
        ObjectNode body = JSON.createObjectNode();
        body.put(name, text);
        assertThatThrownBy(() -> ReferralSchema.read(body)).isInstanceOf(InvalidInput.class);
    }

    record Spoiler(String field, java.util.function.Consumer<ObjectNode> spoil) {
        void apply(ObjectNode body) {
            spoil.accept(body);
        }
    }

    @Provide
    Arbitrary<Spoiler> spoilers() {
        return Arbitraries.of(
                new Spoiler("urgency", b -> b.put("urgency", "soon")),
                new Spoiler("children[0].birthDate", b -> ((ObjectNode) b.get("children").get(0)).put("birthDate", "12/04/2019")),
                new Spoiler("children[0].nhsNumber", b -> ((ObjectNode) b.get("children").get(0)).put("nhsNumber", "999-123")),
                new Spoiler("children[0].familyName", b -> ((ObjectNode) b.get("children").get(0)).remove("familyName")),
                new Spoiler("concerns[0].category", b -> ((ObjectNode) b.get("concerns").get(0)).put("category", "worry")),
                new Spoiler("consent", b -> b.remove("consent")),
                new Spoiler("referrer.phone", b -> ((ObjectNode) b.get("referrer")).put("phone", "ring me")),
                new Spoiler("children", b -> b.putArray("children")),
                new Spoiler("surprise", b -> b.put("surprise", true)),
                new Spoiler("concerns[0].detail", b -> ((ObjectNode) b.get("concerns").get(0)).put("detail", "a\u0000b")),
                new Spoiler("referrer.surprise", b -> ((ObjectNode) b.get("referrer")).put("surprise", "x")));
    }

    @Provide
    Arbitrary<String> fieldNames() {
        return Arbitraries.oneOf(Arbitraries.of("urgency", "children", "concerns", "consent", "referrer", "actionsTaken"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12));
    }

    @Provide
    Arbitrary<ObjectNode> referrals() {
        Arbitrary<String> names = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(30);
        Arbitrary<LocalDate> births = Arbitraries.integers().between(0, 18 * 365).map(d -> LocalDate.of(2008, 1, 1).plusDays(d));
        Arbitrary<ObjectNode> child = Combinators.combine(names, names, births, Arbitraries.of("DE1 2AB", "NG1 1AA", "DE22 1AB", ""))
                .as((given, family, born, postcode) -> {
                    ObjectNode c = JSON.createObjectNode().put("givenName", given).put("familyName", family).put("birthDate", born.toString());
                    if (!postcode.isEmpty()) {
                        c.put("postcode", postcode);
                    }
                    return c;
                });
        Arbitrary<ObjectNode> concern = Combinators.combine(Arbitraries.of(CATEGORIES), Arbitraries.strings().ofMinLength(1).ofMaxLength(200)
                        .filter(detail -> !Fields.holdsControlCharacters(detail)))
                .as((category, detail) -> JSON.createObjectNode().put("category", category).put("detail", detail));
        return Combinators.combine(Arbitraries.of("immediate-risk", "urgent", "standard"), child.list().ofMinSize(1).ofMaxSize(4),
                concern.list().ofMinSize(1).ofMaxSize(3), Arbitraries.of("given", "not-sought-risk", "refused"),
                Arbitraries.strings().numeric().ofMinLength(3).ofMaxLength(15))
                .as((urgency, children, concerns, consent, phone) -> {
                    ObjectNode body = JSON.createObjectNode().put("urgency", urgency).put("consent", consent);
                    children.forEach(body.putArray("children")::add);
                    concerns.forEach(body.putArray("concerns")::add);
                    body.putObject("referrer").put("name", "Sam Lead").put("role", "designated safeguarding lead").put("phone", phone);
                    return body;
                });
    }
}
