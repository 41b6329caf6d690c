package org.safeguarding.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.CodedException.Violation;

/**
 * The police form's reading of what an officer types: dates as people write them become the schema's ISO forms, and
 * anything else is passed on as typed, so that the schema refuses it and the officer is told, never guessed at.
 */
class DvNotificationFormProperties {

    private static final String SCHEMA_DATE_TIME = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$";

    @Property
    void aDateAsPeopleWriteItBecomesTheIsoDate(@ForAll("dates") LocalDate date) {
        assertThat(FormJson.isoDate(date.getDayOfMonth() + "/" + date.getMonthValue() + "/" + date.getYear()))
                .isEqualTo(date.toString());
    }

    @Property
    void aDayThatDoesNotExistIsLeftAsTypedForTheSchemaToRefuse(@ForAll @IntRange(min = 1, max = 12) int month,
            @ForAll @IntRange(min = 29, max = 40) int day, @ForAll @IntRange(min = 1990, max = 2030) int year) {
        String typed = day + "/" + month + "/" + year;
        boolean exists = day <= LocalDate.of(year, month, 1).lengthOfMonth();
        assertThat(FormJson.isoDate(typed)).isEqualTo(exists ? LocalDate.of(year, month, day).toString() : typed);
    }

    @Property
    void anIncidentTimeIsTheSchemasDateTimeWithItsSecondsAndLondonsOffset(@ForAll("dates") LocalDate date,
            @ForAll @IntRange(min = 0, max = 23) int hour, @ForAll @IntRange(min = 0, max = 59) int minute) {
        String time = String.format("%02d:%02d", hour, minute);
        String written = DvNotificationPages.incidentDateTime(date.getDayOfMonth() + "/" + date.getMonthValue() + "/" + date.getYear(), time);
        assertThat(written).matches(SCHEMA_DATE_TIME).matches(".*T\\d{2}:\\d{2}:\\d{2}.*");
        // a time the clocks skip in spring is moved on by the zone rules, as the officer's clock would show it
        assertThat(OffsetDateTime.parse(written).toInstant())
                .isEqualTo(date.atTime(LocalTime.of(hour, minute)).atZone(ZoneId.of("Europe/London")).toInstant());
    }

    @Property
    void textThatIsNoDateIsPassedOnAsTyped(@ForAll("notDates") String typed) {
        assertThat(FormJson.isoDate(typed)).isEqualTo(typed.isBlank() ? null : typed.strip());
        assertThat(DvNotificationPages.incidentDateTime(typed, "12:00")).isIn(typed.isBlank() ? null : typed.strip() + " 12:00", null);
    }

    @Property
    void everyProblemPointsAtAnInputOfTheForm(@ForAll("fields") String field) {
        List<FieldProblems.Problem> problems = DvNotificationPages.problems(new InvalidInput(List.of(new Violation(field, "is wrong"))));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).id()).matches("forceReference|incidentDate|riskLevel|postcode|summary|officerName|collarNumber|officerPhone"
                + "|(child|adult)-\\d+-(givenName|familyName|birthDate|nhsNumber|schoolId|postcode|relationship)");
        assertThat(problems.get(0).text()).isNotBlank();
    }

    @Provide
    Arbitrary<LocalDate> dates() {
        return Arbitraries.integers().between(0, 60_000).map(d -> LocalDate.of(1950, 1, 1).plusDays(d));
    }

    @Provide
    Arbitrary<String> notDates() {
        return Arbitraries.strings().ofMaxLength(30).filter(s -> !s.strip().matches("\\d{1,2}/\\d{1,2}/\\d{4}"));
    }

    @Provide
    Arbitrary<String> fields() {
        Arbitrary<String> top = Arbitraries.of("forceReference", "incidentDateTime", "riskLevel", "location", "location.postcode", "summary",
                "childrenPresent", "officer", "officer.name", "officer.collarNumber", "officer.phone", "body", "Idempotency-Key");
        Arbitrary<String> inRow = Arbitraries.integers().between(0, 19).flatMap(i -> Arbitraries.of("givenName", "familyName", "birthDate",
                "nhsNumber", "schoolId", "postcode").map(f -> (i % 2 == 0 ? "childrenPresent[" : "adultsInvolved[") + i + "]." + f));
        return Arbitraries.oneOf(top, inRow);
    }
}
