package org.safeguarding.gateway.adapters.unscheduledcare;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.safeguarding.gateway.core.lookup.PlanStatus;
import org.safeguarding.gateway.core.model.Child;
import org.safeguarding.gateway.core.model.Contact;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.model.PlanType;

/** The lookup writer gives HAPI's own JSON, byte for byte, for every answer the providers can build. */
class LookupJsonProperties {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @Property(tries = 400)
    void careTeam_searchsets_encode_exactly_as_hapi_does(@ForAll @Size(max = 3) List<@net.jqwik.api.From("statuses") PlanStatus> statuses) {
        assertSameAsHapi(searchset(statuses, CareTeamProvider::careTeam));
    }

    @Property(tries = 400)
    void flag_searchsets_encode_exactly_as_hapi_does(@ForAll @Size(max = 3) List<@net.jqwik.api.From("statuses") PlanStatus> statuses) {
        assertSameAsHapi(searchset(statuses, FlagProvider::flag));
    }

    @Example
    void an_element_it_does_not_know_is_left_to_hapi() {
        Plan plan = new Plan("P-1", NhsNumber.parse("9990000018"), PlanType.CPP, LocalDate.of(2026, 1, 5), null, "la-derby",
                new Child("Ann", "Test", LocalDate.of(2020, 2, 2)), null, List.of());
        CareTeam team = CareTeamProvider.careTeam(new PlanStatus(plan, true, "Derby", "01632 960001", null));
        team.addExtension(new Extension("https://example.org/x", new StringType("y")));
        assertThat(LookupJson.encode(searchset(List.of(team)))).isEmpty();

        CareTeam noted = CareTeamProvider.careTeam(new PlanStatus(plan, true, "Derby", "01632 960001", null));
        noted.addNote().setText("a note");
        assertThat(LookupJson.encode(searchset(List.of(noted)))).isEmpty();
    }

    private static void assertSameAsHapi(Bundle bundle) {
        byte[] ours = LookupJson.encode(bundle).orElseThrow();
        // compared as the bytes that go out: a lone surrogate, which no UTF-8 input can produce, becomes '?' in both
        String hapi = new String(FHIR.newJsonParser().encodeResourceToString(bundle).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        String mine = new String(ours, StandardCharsets.UTF_8);
        assertThat(mine).as(() -> firstDifference(hapi, mine)).isEqualTo(hapi);
    }

    private static String firstDifference(String hapi, String ours) {
        int i = 0;
        while (i < Math.min(hapi.length(), ours.length()) && hapi.charAt(i) == ours.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 120);
        return "first difference at " + i + "\nHAPI: " + visible(hapi.substring(from, Math.min(hapi.length(), i + 80)))
                + "\nours: " + visible(ours.substring(from, Math.min(ours.length(), i + 80)));
    }

    private static String visible(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u{%x}", c) : Character.toString(c)));
        return out.toString();
    }

    private static Bundle searchset(List<PlanStatus> statuses, Function<PlanStatus, ? extends Resource> resource) {
        return searchset(statuses.stream().map(resource).toList());
    }

    private static Bundle searchset(List<? extends Resource> matches) {
        // as the providers build it (entries with their search mode), then what HAPI adds: the id and the self link
        Bundle bundle = SearchBundles.searchset("http://localhost:8080/fhir", matches, List.of());
        bundle.setId(UUID.randomUUID().toString());
        bundle.addLink().setRelation("self").setUrl("http://localhost:8080/fhir/CareTeam?patient%3Aidentifier=x%7C1");
        return bundle;
    }

    @Provide
    Arbitrary<PlanStatus> statuses() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.strings().withChars("aZ '\"\\/<>&é€😀\t\n").ofMaxLength(8),
                Arbitraries.of("", " ", "O'Neil", "Zoë"));
        Arbitrary<String> optionalText = Arbitraries.oneOf(text, Arbitraries.just(null));
        Arbitrary<String> planId = Arbitraries.strings().withChars("AZaz09._-").ofMinLength(1).ofMaxLength(10).map(s -> "P" + s);
        Arbitrary<LocalDate> day = Arbitraries.integers().between(0, 4000).map(d -> LocalDate.of(2018, 1, 1).plusDays(d));
        Arbitrary<Contact> contact = Arbitraries.oneOf(Arbitraries.just(null),
                Combinators.combine(optionalText, optionalText, optionalText).as(Contact::new));
        Arbitrary<Plan> plan = Combinators.combine(planId, Arbitraries.of(PlanType.class), day, day.injectNull(0.5),
                Arbitraries.of("la-derby", "la-nottingham"), Combinators.combine(text, text, day).as(Child::new), contact)
                .as((id, type, start, end, la, child, c) -> new Plan(id, NhsNumber.parse("9990000018"), type, start, end, la, child, c,
                        List.of()));
        return Combinators.combine(plan, Arbitraries.of(true, false), text, optionalText, optionalText).as(PlanStatus::new);
    }
}
