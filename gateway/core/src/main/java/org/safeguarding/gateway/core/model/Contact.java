package org.safeguarding.gateway.core.model;

/** Whom to ring about a plan: usually the allocated social worker's team; out of hours, the emergency duty team. */
public record Contact(String name, String phone, String outOfHoursPhone) {

    /** A contact as a form or a request gives it: none at all without a phone, since a name alone is no one to ring. */
    public static Contact given(String name, String phone, String outOfHoursPhone) {
        return phone == null ? null : new Contact(name, phone, outOfHoursPhone);
    }
}
