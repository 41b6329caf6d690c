package org.safeguarding.gateway.core.model;

/** Whom to ring about a plan: usually the allocated social worker's team; out of hours, the emergency duty team. */
public record Contact(String name, String phone, String outOfHoursPhone) {}
