package org.safeguarding.gateway.adapters.socialcare;

import java.util.List;
import org.safeguarding.gateway.core.register.PlanSubmission;
import org.safeguarding.gateway.core.validation.PublishedSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON body of {@code PUT /api/v1/plans/{planId}} (CONTRACT.md), every scalar read as text so the register names each bad
 * field. Its shape is the published schema's (schemas/plan.schema.json), as the DV notification's and the referral's are:
 * a property it does not name is refused, not ignored, so a misspelt {@code endDate} cannot leave a plan open unnoticed.
 */
public record PlanRequest(
        String nhsNumber,
        String type,
        String startDate,
        String endDate,
        String localAuthority,
        ChildJson child,
        ContactJson contact,
        List<String> coreGroup) {

    private static final PublishedSchema SCHEMA = PublishedSchema.load("/schemas/plan.schema.json");

    public record ChildJson(String givenName, String familyName, String birthDate) {}

    public record ContactJson(String name, String phone, String outOfHoursPhone) {}

    /** The plan the JSON describes, once it holds to the schema; otherwise every violation (400), each naming its field. */
    public static PlanRequest read(JsonMapper json, JsonNode body) {
        SCHEMA.check(body);
        return json.treeToValue(body, PlanRequest.class);
    }

    public PlanSubmission toSubmission() {
        ChildJson c = child == null ? new ChildJson(null, null, null) : child;
        ContactJson k = contact == null ? new ContactJson(null, null, null) : contact;
        return new PlanSubmission(nhsNumber, type, startDate, endDate, localAuthority, c.givenName(), c.familyName(),
                c.birthDate(), k.name(), k.phone(), k.outOfHoursPhone(), coreGroup);
    }
}
