package org.safeguarding.gateway.core.model;

import java.util.List;

/** An organisation in the agencies directory. {@code id} is the {@code org_id} its users' tokens carry. */
public record Agency(String id, String type, String name, List<String> postcodeAreas, String officePhone, String outOfHoursPhone) {

    public static final String LOCAL_AUTHORITY = "local-authority";

    public Agency {
        postcodeAreas = postcodeAreas == null ? List.of() : List.copyOf(postcodeAreas);
    }
}
