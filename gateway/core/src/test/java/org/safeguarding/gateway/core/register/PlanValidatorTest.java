package org.safeguarding.gateway.core.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.model.PlanType;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.CodedException.Violation;

class PlanValidatorTest {

    private final PlanValidator validator = new PlanValidator(Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC));

    private static PlanSubmission valid() {
        return new PlanSubmission("9997709144", "CPP", "2026-03-02", null, "la-derby", "Ava", "Ashdown", "2019-05-01",
                null, null, null, List.of("gp-derby-central"));
    }

    @Test
    void aValidPlanBecomesACanonicalPlan() {
        Plan plan = validator.validate("DER-1", valid());
        assertThat(plan.type()).isEqualTo(PlanType.CPP);
        assertThat(plan.nhsNumber().value()).isEqualTo("9997709144");
        assertThat(plan.startDate()).isEqualTo(LocalDate.of(2026, 3, 2));
        assertThat(plan.contact()).isNull();
        assertThat(plan.coreGroup()).containsExactly("gp-derby-central");
    }

    @Test
    void aPlanSentAgainAsItIsIsTheSamePlanAndEndingItChangesOnlyItsEndDate() {
        Plan plan = validator.validate("DER-1", new PlanSubmission("9997709144", "LAC", "2026-03-02", null, "la-derby", "Ava", "Ashdown",
                "2019-05-01", "Duty", "01632 960011", null, List.of("gp-derby-central", "hv-derby")));
        assertThat(validator.validate("DER-1", PlanSubmission.of(plan))).isEqualTo(plan);
        Plan ended = validator.validate("DER-1", PlanSubmission.of(plan).withEndDate("2026-11-25"));
        assertThat(ended.endDate()).isEqualTo(LocalDate.of(2026, 11, 25));
        assertThat(ended).isEqualTo(new Plan(plan.planId(), plan.nhsNumber(), plan.type(), plan.startDate(), ended.endDate(),
                plan.localAuthority(), plan.child(), plan.contact(), plan.coreGroup()));
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        PlanSubmission bad = new PlanSubmission("123", "ABC", "yesterday", "2020-01-01", "LA Derby!", null, "", "2030-01-01",
                "Duty", "no phone", null, List.of("ok-org", "NOT OK"));
        assertThatThrownBy(() -> validator.validate("bad id!", bad)).isInstanceOfSatisfying(InvalidInput.class, e ->
                assertThat(e.violations()).extracting(Violation::field).contains("planId", "nhsNumber", "type", "startDate",
                        "localAuthority", "child.givenName", "child.familyName", "child.birthDate", "contact.phone", "coreGroup[1]"));
    }

    @Test
    void anUnbornChildsExpectedDateMayLieAheadButNotFarAhead() {
        PlanSubmission s = valid();
        PlanSubmission unborn = new PlanSubmission(s.nhsNumber(), "UCPP", s.startDate(), null, s.localAuthority(), "Unborn",
                "Ashdown", "2027-03-01", null, null, null, null);
        assertThat(validator.validate("U-1", unborn).type()).isEqualTo(PlanType.UCPP);
        PlanSubmission tooFar = new PlanSubmission(s.nhsNumber(), "UCPP", s.startDate(), null, s.localAuthority(), "Unborn",
                "Ashdown", "2028-03-01", null, null, null, null);
        assertThatThrownBy(() -> validator.validate("U-2", tooFar)).isInstanceOf(InvalidInput.class);
        PlanSubmission bornInFuture = new PlanSubmission(s.nhsNumber(), "CPP", s.startDate(), null, s.localAuthority(), "A",
                "B", "2027-03-01", null, null, null, null);
        assertThatThrownBy(() -> validator.validate("C-2", bornInFuture)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void anEndDateBeforeTheStartIsRefused() {
        PlanSubmission s = valid();
        PlanSubmission ended = new PlanSubmission(s.nhsNumber(), "CPP", "2026-03-02", "2026-03-01", "la-derby", "A", "B",
                "2019-01-01", null, null, null, null);
        assertThatThrownBy(() -> validator.validate("E-1", ended)).isInstanceOfSatisfying(InvalidInput.class,
                e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("endDate"));
    }

    @Test
    void typesAreCaseInsensitiveAndOverlongFieldsRefused() {
        PlanSubmission s = valid();
        assertThat(validator.validate("L-1", new PlanSubmission(s.nhsNumber(), "lac", s.startDate(), null, "la-derby", "A", "B",
                "2019-01-01", null, null, null, null)).type()).isEqualTo(PlanType.LAC);
        assertThatThrownBy(() -> validator.validate("L-2", new PlanSubmission(s.nhsNumber(), "CPP", s.startDate(), null, "la-derby",
                "A".repeat(101), "B", "2019-01-01", null, null, null, null))).isInstanceOf(InvalidInput.class);
    }
}
