package org.safeguarding.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.safeguarding.gateway.core.referral.Referral;
import org.safeguarding.gateway.core.referral.ReferralSchema;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.CodedException.Violation;
import tools.jackson.databind.node.ObjectNode;

/**
 * The referral form's reading of what a referrer types: whatever the values, the JSON it makes is either a referral the
 * published schema accepts, as typed, or one whose every violation names a field the form shows (in a row the form
 * has), so that each problem can be told at its input and none is a problem of the console's own making.
 */
class ReferralFormProperties {

    /** The referral's fields the form has an input for, as the core names them. */
    private static final Pattern SHOWN = Pattern.compile("urgency|consent|actionsTaken|referrer\\.(name|role|phone|email)"
            + "|children\\[(\\d+)]\\.(givenName|familyName|birthDate|nhsNumber|postcode|schoolId)|concerns\\[(\\d+)]\\.(category|detail)");
    /** The ids of the inputs referral-new.html renders. */
    private static final String INPUTS = "urgency|consent|actionsTaken|referrerName|referrerRole|referrerPhone|referrerEmail"
            + "|child-\\d+-(givenName|familyName|birthDate|nhsNumber|postcode|schoolId)|concern-\\d+-(category|detail)";

    @Property(tries = 1000)
    void anyFormIsAReferralTheSchemaAcceptsOrItsProblemsNameOnlyFieldsTheFormShows(@ForAll("forms") ReferralPages.Form form) {
        ObjectNode json = ReferralPages.asJson(ReferralPages.withoutEmptyRows(form));
        // a property only one side of which was ever reached would say little
        Statistics.coverage(c -> {
            c.check("accepted").count(n -> n > 0);
            c.check("refused").count(n -> n > 0);
        });
        try {
            Referral referral = ReferralSchema.read(json);
            Statistics.collect("accepted");
            assertThat(referral.children()).hasSize(form.getChildren().size());
            assertThat(referral.concerns()).hasSize(form.getConcerns().size());
            assertThat(referral.urgency().code()).isEqualTo(form.getUrgency().strip());
            for (int i = 0; i < form.getChildren().size(); i++) {
                ReferralPages.Child typed = form.getChildren().get(i);
                assertThat(referral.children().get(i).birthDate()).as("the date as typed in its three boxes")
                        .isEqualTo(LocalDate.of(Integer.parseInt(typed.getBirthYear().strip()), Integer.parseInt(typed.getBirthMonth().strip()),
                                Integer.parseInt(typed.getBirthDay().strip())));
            }
        } catch (InvalidInput e) {
            Statistics.collect("refused");
            assertThat(e.violations()).isNotEmpty().allSatisfy(v -> {
                Matcher shown = SHOWN.matcher(v.field());
                assertThat(shown.matches()).as(v.field() + " " + v.message()).isTrue();
                if (shown.group(2) != null) {
                    assertThat(Integer.parseInt(shown.group(2))).as("a child row the form has").isLessThan(form.getChildren().size());
                }
                if (shown.group(4) != null) {
                    assertThat(Integer.parseInt(shown.group(4))).as("a concern row the form has").isLessThan(form.getConcerns().size());
                }
            });
            assertThat(ReferralPages.problems(e)).allSatisfy(p -> assertThat(p.id()).matches(INPUTS));
        }
    }

    @Property
    void aDateInThreeBoxesIsTheIsoDateAndOneThatDoesNotExistIsLeftForTheSchemaToRefuse(@ForAll @IntRange(min = 1, max = 12) int month,
            @ForAll @IntRange(min = 1, max = 40) int day, @ForAll @IntRange(min = 1990, max = 2030) int year) {
        boolean exists = day <= LocalDate.of(year, month, 1).lengthOfMonth();
        assertThat(FormJson.isoDate(" " + day, month + " ", String.valueOf(year)))
                .isEqualTo(exists ? LocalDate.of(year, month, day).toString() : day + "/" + month + "/" + year);
    }

    @Property
    void everyProblemPointsAtAnInputOfTheForm(@ForAll("fields") String field) {
        List<FieldProblems.Problem> problems = ReferralPages.problems(new InvalidInput(List.of(new Violation(field, "is wrong"))));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).id()).matches(INPUTS);
        assertThat(problems.get(0).text()).isNotBlank();
    }

    @Property
    void theErrorSummaryFollowsTheFormTopToBottom(@ForAll("fieldLists") List<String> fields) {
        List<Violation> violations = fields.stream().map(f -> new Violation(f, "is wrong")).toList();
        List<String> ids = ReferralPages.problems(new InvalidInput(violations)).stream().map(FieldProblems.Problem::id).toList();
        List<Integer> places = ids.stream().map(ReferralFormProperties::place).toList();
        assertThat(places).isSorted();
    }

    /** Where an input stands in the form, as a person reading down the page meets it. */
    private static int place(String id) {
        Matcher row = Pattern.compile("(child|concern)-(\\d+)-(\\w+)").matcher(id);
        if (!row.matches()) {
            return ReferralPages.FORM_ORDER.indexOf(id) * 10_000;
        }
        int section = ReferralPages.FORM_ORDER.indexOf(row.group(1) + "-N-" + (row.group(1).equals("child") ? "givenName" : "category"));
        return section * 10_000 + Integer.parseInt(row.group(2)) * 100 + ReferralPages.FORM_ORDER.indexOf(row.group(1) + "-N-" + row.group(3));
    }

    /** Forms filled in as a referrer means to, and forms with anything at all in any box. */
    @Provide
    Arbitrary<ReferralPages.Form> forms() {
        return Arbitraries.oneOf(forms(true), forms(false));
    }

    private static Arbitrary<ReferralPages.Form> forms(boolean meant) {
        Arbitrary<ReferralPages.Child> child = Builders.withBuilder(ReferralPages.Child::new)
                .use(typed(meant, List.of("Ava", "Noah", "Ørjan", "O'Neil"))).inSetter(ReferralPages.Child::setGivenName)
                .use(typed(meant, List.of("Ashdown", "Nobody"))).inSetter(ReferralPages.Child::setFamilyName)
                .use(typed(meant, List.of("12", "1", "28"), "31", "0")).inSetter(ReferralPages.Child::setBirthDay)
                .use(typed(meant, List.of("4", "2", "12"), "13")).inSetter(ReferralPages.Child::setBirthMonth)
                .use(typed(meant, List.of("2019", "2018"), "19", "3000")).inSetter(ReferralPages.Child::setBirthYear)
                .use(typed(meant, List.of("9997709144", "999 770 9144", ""), "9997709145", "12345")).inSetter(ReferralPages.Child::setNhsNumber)
                .use(typed(meant, List.of("DE22 1AB", "ng1 1aa", ""), "not a postcode")).inSetter(ReferralPages.Child::setPostcode)
                .use(typed(meant, List.of("school-derby-primary", ""), "School Derby")).inSetter(ReferralPages.Child::setSchoolId)
                .build();
        Arbitrary<ReferralPages.Concern> concern = Builders.withBuilder(ReferralPages.Concern::new)
                .use(typed(meant, List.of("neglect", "physical-abuse", "other"), "gossip")).inSetter(ReferralPages.Concern::setCategory)
                .use(typed(meant, List.of("Arrives hungry most mornings.", "x"))).inSetter(ReferralPages.Concern::setDetail)
                .build();
        return Builders.withBuilder(ReferralPages.Form::new)
                .use(typed(meant, List.of("immediate-risk", "urgent", "standard"), "whenever")).inSetter(ReferralPages.Form::setUrgency)
                .use(child.list().ofMinSize(meant ? 1 : 0).ofMaxSize(FormJson.MAX_ROWS).map(ArrayList::new)).inSetter(ReferralPages.Form::setChildren)
                .use(concern.list().ofMinSize(meant ? 1 : 0).ofMaxSize(FormJson.MAX_ROWS).map(ArrayList::new)).inSetter(ReferralPages.Form::setConcerns)
                .use(typed(meant, List.of("given", "not-sought-risk", "refused"), "maybe")).inSetter(ReferralPages.Form::setConsent)
                .use(typed(meant, List.of("Spoke to the child's mother.", ""))).inSetter(ReferralPages.Form::setActionsTaken)
                .use(typed(meant, List.of("Dana Lead"))).inSetter(ReferralPages.Form::setReferrerName)
                .use(typed(meant, List.of("designated safeguarding lead"))).inSetter(ReferralPages.Form::setReferrerRole)
                .use(typed(meant, List.of("01632 960900", "+44 (0)1632 960900"), "call me")).inSetter(ReferralPages.Form::setReferrerPhone)
                .use(typed(meant, List.of("dsl.derby@example.org", ""), "not an address")).inSetter(ReferralPages.Form::setReferrerEmail)
                .use(Arbitraries.strings().alpha().numeric().withChars("._:-").ofMinLength(1).ofMaxLength(40))
                .inSetter(ReferralPages.Form::setIdempotencyKey)
                .build();
    }

    /**
     * What a person types in a box: {@code meant}, one of the values they mean (padded as people pad them); otherwise
     * those, the likely mistakes, any text at all, or nothing.
     */
    private static Arbitrary<String> typed(boolean meant, List<String> values, String... mistakes) {
        Arbitrary<String> padded = Arbitraries.of(values).flatMap(v -> Arbitraries.of(v, " " + v, v + " "));
        if (meant) {
            return padded;
        }
        List<String> likely = new ArrayList<>(values);
        likely.addAll(List.of(mistakes));
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(likely)), Tuple.of(1, Arbitraries.strings().ofMaxLength(120)),
                Tuple.of(1, Arbitraries.of("", "   "))).injectNull(0.1);
    }

    @Provide
    Arbitrary<String> fields() {
        Arbitrary<String> top = Arbitraries.of("urgency", "children", "concerns", "consent", "actionsTaken", "referrer", "referrer.name",
                "referrer.role", "referrer.phone", "referrer.email", "body", "Idempotency-Key");
        Arbitrary<String> child = Arbitraries.integers().between(0, 19).flatMap(i -> Arbitraries.of("givenName", "familyName", "birthDate",
                "nhsNumber", "postcode", "schoolId").map(f -> "children[" + i + "]." + f));
        Arbitrary<String> concern = Arbitraries.integers().between(0, 19)
                .flatMap(i -> Arbitraries.of("category", "detail").map(f -> "concerns[" + i + "]." + f));
        return Arbitraries.oneOf(top, child, concern);
    }

    @Provide
    Arbitrary<List<String>> fieldLists() {
        Arbitrary<String> shown = Arbitraries.oneOf(Arbitraries.of("urgency", "consent", "actionsTaken", "referrer.name", "referrer.role",
                "referrer.phone", "referrer.email"),
                Arbitraries.integers().between(0, 19).flatMap(i -> Arbitraries.of("givenName", "familyName", "birthDate", "nhsNumber",
                        "postcode", "schoolId").map(f -> "children[" + i + "]." + f)),
                Arbitraries.integers().between(0, 19).flatMap(i -> Arbitraries.of("category", "detail").map(f -> "concerns[" + i + "]." + f)));
        return shown.list().ofMaxSize(12);
    }
}
