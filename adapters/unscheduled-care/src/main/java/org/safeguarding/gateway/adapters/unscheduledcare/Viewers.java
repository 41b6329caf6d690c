package org.safeguarding.gateway.adapters.unscheduledcare;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.safeguarding.gateway.security.Role;
import org.safeguarding.gateway.security.audit.AuditEntry;

/**
 * "Who looked", as CP-IS gives it to an EPR: each viewer as a PractitionerRole with their name (as their token gave it
 * when they looked), their organisation's name (from the agencies directory) and their job role (SNOMED CT).
 *
 * <p>A viewer is a person in one role at one organisation, so the same person looking from two organisations is two
 * PractitionerRoles, as SDS role profiles are; the id is derived from those three, stable across answers.
 */
final class Viewers {

    /** The gateway's realm role, kept beside the SNOMED CT job role: what the access policy actually decided on. */
    static final String REALM_ROLE_SYSTEM = "https://safeguarding-gateway.example/CodeSystem/realm-role";

    /**
     * The job role each realm role stands for, most specific first. A realm role says what a person may do, not their
     * profession: where it covers several (an A&E clinician may be a doctor or a nurse) the code is the one that is
     * true of all of them.
     */
    private static final Map<Role, Coding> JOB_ROLES = Map.of(
            Role.SAFEGUARDING_HEALTH, new Coding(CpisFhir.SNOMED, "224535009", "Registered nurse"),
            Role.GP, new Coding(CpisFhir.SNOMED, "62247001", "General practitioner"),
            Role.COMMUNITY_HEALTH, new Coding(CpisFhir.SNOMED, "224534008", "Health visitor, nurse/midwife"),
            Role.UNSCHEDULED_CARE, new Coding(CpisFhir.SNOMED, "223366009", "Healthcare professional"),
            Role.SOCIAL_CARE, new Coding(CpisFhir.SNOMED, "106328005", "Social worker"));
    private static final List<Role> PREFERENCE = List.of(Role.SAFEGUARDING_HEALTH, Role.GP, Role.COMMUNITY_HEALTH,
            Role.UNSCHEDULED_CARE, Role.SOCIAL_CARE);

    private Viewers() {}

    /** The PractitionerRole's id for the person behind a caller's record. */
    static String roleId(AuditEntry entry) {
        String key = entry.subject() + "\u0000" + entry.orgId() + "\u0000" + entry.roles();
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static Reference reference(AuditEntry entry) {
        return new Reference("PractitionerRole/" + roleId(entry));
    }

    static PractitionerRole practitionerRole(AuditEntry entry, Function<String, String> organisationName) {
        PractitionerRole role = new PractitionerRole();
        role.setId(roleId(entry));
        String username = BalpAuditEvents.username(entry.subject());
        role.getPractitioner().setDisplay(entry.callerName() != null ? entry.callerName() : username)
                .setIdentifier(new Identifier().setSystem(BalpAuditEvents.USER_SYSTEM).setValue(entry.subject()));
        if (entry.orgId() != null) {
            role.getOrganization().setDisplay(organisationName.apply(entry.orgId()))
                    .setIdentifier(new Identifier().setSystem(CpisFhir.ORG_ID_SYSTEM).setValue(entry.orgId()));
        }
        jobRole(entry.roles()).ifPresent(job -> role.addCode(new CodeableConcept(job.copy())));
        if (entry.roles() != null && !entry.roles().isBlank()) {
            CodeableConcept realm = role.addCode();
            Arrays.stream(entry.roles().split(",")).forEach(r -> realm.addCoding(new Coding(REALM_ROLE_SYSTEM, r, null)));
        }
        return role;
    }

    /** From the roles as the trail records them (claim values, comma-separated). */
    static Optional<Coding> jobRole(String roles) {
        if (roles == null || roles.isBlank()) {
            return Optional.empty();
        }
        List<Role> held = Arrays.stream(roles.split(",")).map(Role::fromClaim).flatMap(Optional::stream).toList();
        return PREFERENCE.stream().filter(held::contains).findFirst().map(JOB_ROLES::get);
    }
}
