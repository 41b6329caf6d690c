package org.safeguarding.gateway.core.model;

/** The kinds of plan the register holds, with CP-IS's codes. */
public enum PlanType {
    /** Child protection plan. */
    CPP("Child protection plan"),
    /** Looked-after child. */
    LAC("Looked-after child"),
    /** Unborn child protection plan, held on the pregnant woman's NHS number. */
    UCPP("Unborn child protection plan");

    private final String display;

    PlanType(String display) {
        this.display = display;
    }

    public String display() {
        return display;
    }
}
