package org.safeguarding.gateway.core.model;

import java.time.LocalDate;

/** The child a plan is about, as the local authority records them. For an unborn child, birthDate is the expected date. */
public record Child(String givenName, String familyName, LocalDate birthDate) {}
