package org.safeguarding.gateway.adapters.unscheduledcare;

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

/** The FHIR pieces CareTeam and Flag share: the plan-type coding, the child, the period, the responsible authority. */
final class CpisFhir {

    /** Our code system for plan types; the codes are CP-IS's (CPP, LAC, UCPP). */
    static final String PLAN_TYPE_SYSTEM = "https://safeguarding-gateway.example/CodeSystem/cp-plan-type";
    static final String PLAN_ID_SYSTEM = "https://safeguarding-gateway.example/Id/cp-plan";
    static final String ORG_ID_SYSTEM = "https://safeguarding-gateway.example/Id/org-id";
    static final String AUTHORITY_REF = "#responsible-authority";

    private CpisFhir() {}

    static CodeableConcept planType(PlanType type) {
        return new CodeableConcept(new Coding(PLAN_TYPE_SYSTEM, type.name(), type.display())).setText(type.display());
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
