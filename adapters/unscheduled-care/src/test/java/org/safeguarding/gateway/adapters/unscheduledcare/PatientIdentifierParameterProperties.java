package org.safeguarding.gateway.adapters.unscheduledcare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.safeguarding.gateway.adapters.unscheduledcare.PatientIdentifierParameter.PatientSearch;

/** CP-IS's search parameters read strictly: what the guide sends is taken, anything else refused as INVALID_SEARCH_DATA. */
class PatientIdentifierParameterProperties {

    private static final String NHS = "https://fhir.nhs.uk/Id/nhs-number";

    @Property
    void the_number_after_the_nhs_system_is_what_is_searched_for(@ForAll("numbers") String number, @ForAll boolean history) {
        PatientSearch search = PatientIdentifierParameter.read(Map.of("patient:identifier", new String[] {NHS + "|" + number}), history);
        assertThat(search.nhsNumber()).isEqualTo(number);
        assertThat(search.includeViewers()).isFalse();
    }

    @Property
    void the_viewers_include_is_taken_by_the_access_history_only(@ForAll("numbers") String number) {
        Map<String, String[]> query = Map.of("patient:identifier", new String[] {NHS + "|" + number},
                "_include", new String[] {PatientIdentifierParameter.VIEWERS});
        assertThat(PatientIdentifierParameter.read(query, true).includeViewers()).isTrue();
        assertInvalidSearchData(query, false);
    }

    @Property
    void any_other_include_is_refused(@ForAll("numbers") String number, @ForAll("otherIncludes") String include) {
        assertInvalidSearchData(Map.of("patient:identifier", new String[] {NHS + "|" + number}, "_include", new String[] {include}), true);
    }

    @Property
    void any_other_parameter_is_refused_rather_than_ignored(@ForAll("numbers") String number, @ForAll("otherNames") String name,
            @ForAll boolean history) {
        Map<String, String[]> query = new HashMap<>();
        query.put("patient:identifier", new String[] {NHS + "|" + number});
        query.put(name, new String[] {"x"});
        assertInvalidSearchData(query, history);
    }

    @Property
    void a_token_without_the_nhs_system_is_refused(@ForAll("otherSystems") String system, @ForAll("numbers") String number) {
        assertInvalidSearchData(Map.of("patient:identifier", new String[] {system + "|" + number}), false);
        assertInvalidSearchData(Map.of("patient:identifier", new String[] {number}), false);
    }

    @Example
    void missing_blank_or_repeated_parameters_are_refused() {
        assertInvalidSearchData(Map.of(), false);
        assertInvalidSearchData(Map.of("patient:identifier", new String[] {" "}), false);
        assertInvalidSearchData(Map.of("patient:identifier", new String[] {NHS + "|9997709144", NHS + "|9995341654"}), false);
        assertInvalidSearchData(Map.of("patient:identifier", new String[] {NHS + "|9997709144"},
                "_include", new String[] {PatientIdentifierParameter.VIEWERS, PatientIdentifierParameter.VIEWERS}), true);
    }

    private static void assertInvalidSearchData(Map<String, String[]> query, boolean history) {
        assertThatThrownBy(() -> PatientIdentifierParameter.read(query, history))
                .isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    OperationOutcome.OperationOutcomeIssueComponent issue = ((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep();
                    assertThat(issue.getCode()).isEqualTo(OperationOutcome.IssueType.INVALID);
                    assertThat(issue.getDetails().getCodingFirstRep().getSystem()).isEqualTo(SpineErrors.SYSTEM);
                    assertThat(issue.getDetails().getCodingFirstRep().getCode()).isEqualTo("INVALID_SEARCH_DATA");
                    assertThat(issue.getDiagnostics()).isNotBlank();
                });
    }

    @Provide
    Arbitrary<String> numbers() {
        // the parameter is read here; the number itself is checked by NhsNumber (its own properties)
        return Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12);
    }

    @Provide
    Arbitrary<String> otherIncludes() {
        return Arbitraries.oneOf(Arbitraries.of("AuditEvent:agent", "*", "AuditEvent:entity-type=" + CpisFhir.ROLE_CLASS_SYSTEM + "|PAT",
                        PatientIdentifierParameter.VIEWERS.toLowerCase(), PatientIdentifierParameter.VIEWERS + " "),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter(s -> !s.isBlank() && !s.equals(PatientIdentifierParameter.VIEWERS)));
    }

    @Provide
    Arbitrary<String> otherNames() {
        return Arbitraries.oneOf(Arbitraries.of("name", "_id", "_count", "patient", "identifier", "_revinclude", "_sort"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12))
                .filter(n -> !n.equals("patient:identifier") && !n.equals("_include") && !n.startsWith("_format")
                        && !n.equals("_pretty") && !n.equals("_summary"));
    }

    @Provide
    Arbitrary<String> otherSystems() {
        return Arbitraries.oneOf(Arbitraries.of("", "urn:other", "http://fhir.nhs.uk/Id/nhs-number", NHS + "/", NHS.toUpperCase()),
                Arbitraries.strings().ascii().ofMaxLength(30).filter(s -> !s.equals(NHS) && !s.contains("|")));
    }
}
