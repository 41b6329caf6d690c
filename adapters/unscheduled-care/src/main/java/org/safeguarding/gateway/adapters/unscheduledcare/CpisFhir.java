package org.safeguarding.gateway.adapters.unscheduledcare;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.safeguarding.gateway.core.lookup.PlanStatus;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.model.PlanType;

/**
 * The FHIR pieces CareTeam and Flag share, in CP-IS's vocabulary: the plan category (SNOMED CT, then
 * the gateway's own code), the child, the period, the responsible authority and whom to ring.
 */
final class CpisFhir {

    static final String SNOMED = "http://snomed.info/sct";
    static final String ROLE_CLASS_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-RoleClass";
    /** Our code system for plan types (CPP, LAC, UCPP), the second coding after CP-IS's SNOMED CT one. */
    static final String PLAN_TYPE_SYSTEM = "https://safeguarding-gateway.example/CodeSystem/cp-plan-type";
    static final String PLAN_ID_SYSTEM = "https://safeguarding-gateway.example/Id/cp-plan";
    static final String ORG_ID_SYSTEM = "https://safeguarding-gateway.example/Id/org-id";
    static final String AUTHORITY_REF = "#responsible-authority";

    private CpisFhir() {}

    /** The plan as CP-IS codes it: the value set England-ChildProtectionPlan first, then the gateway's own code. */
    static CodeableConcept planType(PlanType type) {
        CodeableConcept concept = new CodeableConcept(switch (type) {
            case CPP -> new Coding(SNOMED, "342191000000101", "Subject to child protection plan");
            case LAC -> new Coding(SNOMED, "764841000000100", "Looked after child");
            case UCPP -> new Coding(SNOMED, "818901000000100", "Unborn child subject to child protection plan");
        });
        return concept.addCoding(new Coding(PLAN_TYPE_SYSTEM, type.name(), type.display())).setText(type.display());
    }

    /** Whom to ring, where CP-IS puts it: {@code use: work} in office hours, {@code use: mobile} the emergency duty team. */
    static List<ContactPoint> telecom(PlanStatus status) {
        List<ContactPoint> telecom = new ArrayList<>(2);
        if (status.officePhone() != null) {
            telecom.add(new ContactPoint().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(status.officePhone())
                    .setUse(ContactPoint.ContactPointUse.WORK));
        }
        if (status.outOfHoursPhone() != null) {
            telecom.add(new ContactPoint().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(status.outOfHoursPhone())
                    .setUse(ContactPoint.ContactPointUse.MOBILE));
        }
        return telecom;
    }

    static Identifier planIdentifier(Plan plan) {
        return new Identifier().setSystem(PLAN_ID_SYSTEM).setValue(plan.planId());
    }

    /** The person the plan is found by: the child, or for an unborn child's plan the pregnant woman. */
    static Reference subject(Plan plan) {
        String display = plan.type() == PlanType.UCPP
                ? "Unborn child (expected " + plan.child().birthDate() + ") of the woman with this NHS number"
                : plan.child().givenName() + " " + plan.child().familyName();
        return new Reference().setIdentifier(nhsIdentifier(plan.nhsNumber())).setDisplay(display).setType("Patient");
    }

    static Identifier nhsIdentifier(NhsNumber nhs) {
        return new Identifier().setSystem(NhsNumber.SYSTEM).setValue(nhs.value());
    }

    static Period period(Plan plan) {
        Period period = new Period().setStartElement(new DateTimeType(plan.startDate().toString()));
        if (plan.endDate() != null) {
            period.setEndElement(new DateTimeType(plan.endDate().toString()));
        }
        return period;
    }

    /** The responsible local authority with whom to ring in and out of office hours. */
    static Organization responsibleAuthority(PlanStatus status) {
        Organization la = new Organization();
        la.setId(AUTHORITY_REF.substring(1));
        la.addIdentifier().setSystem(ORG_ID_SYSTEM).setValue(status.plan().localAuthority());
        la.setName(status.authorityName());
        if (status.officePhone() != null) {
            la.addTelecom(phone(status.officePhone(), 1));
        }
        if (status.outOfHoursPhone() != null) {
            la.addContact()
                    .setPurpose(new CodeableConcept().setText("Out of hours (emergency duty team)"))
                    .addTelecom(phone(status.outOfHoursPhone(), 2));
        }
        if (status.plan().contact() != null && status.plan().contact().name() != null) {
            la.addContact()
                    .setPurpose(new CodeableConcept().setText("Allocated worker"))
                    .setName(new org.hl7.fhir.r4.model.HumanName().setText(status.plan().contact().name()))
                    .addTelecom(phone(status.plan().contact().phone(), 1));
        }
        return la;
    }

    private static ContactPoint phone(String number, int rank) {
        return new ContactPoint().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(number)
                .setUse(ContactPoint.ContactPointUse.WORK).setRank(rank);
    }
}
