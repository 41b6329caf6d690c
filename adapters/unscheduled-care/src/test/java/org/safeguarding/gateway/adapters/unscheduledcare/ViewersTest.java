package org.safeguarding.gateway.adapters.unscheduledcare;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.PractitionerRole;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.security.audit.AuditEntry;

/** "Who looked": a viewer's PractitionerRole from the trail's record of their lookup. */
class ViewersTest {

    private static AuditEntry lookupBy(String subject, String roles, String orgId, String name) {
        return new AuditEntry(subject, roles, orgId, "cp-lookup", "child/9997709144", "9997709144", "allowed", null, "reason", name);
    }

    @Test
    void thePractitionerRoleCarriesTheNameTheOrganisationsNameAndTheJobRole() {
        PractitionerRole role = Viewers.practitionerRole(lookupBy("s-1 (gp.derby)", "gp", "gp-derby-central", "Gita Practitioner"),
                org -> org.equals("gp-derby-central") ? "Derby Central Medical Practice" : "?");
        assertThat(role.getPractitioner().getDisplay()).isEqualTo("Gita Practitioner");
        assertThat(role.getOrganization().getDisplay()).isEqualTo("Derby Central Medical Practice");
        assertThat(role.getOrganization().getIdentifier().getValue()).isEqualTo("gp-derby-central");
        assertThat(role.getCodeFirstRep().getCodingFirstRep().getSystem()).isEqualTo("http://snomed.info/sct");
        assertThat(role.getCodeFirstRep().getCodingFirstRep().getCode()).isEqualTo("62247001");
        assertThat(role.getCode().get(1).getCodingFirstRep().getCode()).as("the realm role beside it").isEqualTo("gp");
    }

    @Test
    void aRecordFromBeforeNamesWereKeptShowsTheUsername() {
        PractitionerRole role = Viewers.practitionerRole(lookupBy("s-1 (ae.clinician)", "unscheduled-care", "ae-royal-derby", null),
                org -> "Royal Derby");
        assertThat(role.getPractitioner().getDisplay()).isEqualTo("ae.clinician");
    }

    @Test
    void theIdIsStablePerPersonRoleAndOrganisation() {
        AuditEntry one = lookupBy("s-1 (gp.derby)", "gp", "gp-derby-central", "Gita Practitioner");
        assertThat(Viewers.roleId(one)).isEqualTo(Viewers.roleId(lookupBy("s-1 (gp.derby)", "gp", "gp-derby-central", "G. Practitioner")))
                .isNotEqualTo(Viewers.roleId(lookupBy("s-1 (gp.derby)", "gp", "gp-elsewhere", "Gita Practitioner")))
                .isNotEqualTo(Viewers.roleId(lookupBy("s-2 (gp.other)", "gp", "gp-derby-central", "Gita Practitioner")));
    }

    @Test
    void theMostSpecificRoleGivesTheJobRoleAndARoleWithoutOneGivesNone() {
        assertThat(Viewers.jobRole("gp,unscheduled-care")).hasValueSatisfying(c -> assertThat(c.getCode()).isEqualTo("62247001"));
        assertThat(Viewers.jobRole("safeguarding-health,unscheduled-care"))
                .hasValueSatisfying(c -> assertThat(c.getCode()).isEqualTo("224535009"));
        assertThat(Viewers.jobRole("community-health")).hasValueSatisfying(c -> assertThat(c.getCode()).isEqualTo("224534008"));
        assertThat(Viewers.jobRole("unscheduled-care")).hasValueSatisfying(c -> assertThat(c.getDisplay()).isEqualTo("Healthcare professional"));
        assertThat(Viewers.jobRole("police")).isEmpty();
        assertThat(Viewers.jobRole("")).isEmpty();
    }
}
