package org.safeguarding.gateway.core.referral;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.safeguarding.gateway.core.dv.DvNotification;
import org.safeguarding.gateway.core.validation.PublishedSchema;
import tools.jackson.databind.JsonNode;

/** The published schema (schemas/referral.schema.json), applied to an agency system's JSON and a console form alike. */
public final class ReferralSchema {

    private static final PublishedSchema SCHEMA = PublishedSchema.load("/schemas/referral.schema.json");

    private ReferralSchema() {}

    /** The referral the JSON describes, once the schema holds; otherwise every violation (400), each naming its field. */
    public static Referral read(JsonNode body) {
        SCHEMA.check(body);
        List<DvNotification.Child> children = new ArrayList<>();
        for (JsonNode c : body.get("children")) {
            children.add(new DvNotification.Child(text(c, "nhsNumber"), text(c, "givenName"), text(c, "familyName"),
                    LocalDate.parse(text(c, "birthDate")), text(c, "schoolId"), upper(text(c, "postcode"))));
        }
        List<Referral.Concern> concerns = new ArrayList<>();
        for (JsonNode c : body.get("concerns")) {
            concerns.add(new Referral.Concern(text(c, "category"), text(c, "detail")));
        }
        JsonNode r = body.get("referrer");
        return new Referral(null, null, Referral.Urgency.of(text(body, "urgency")), children, concerns, text(body, "consent"),
                text(body, "actionsTaken"), new Referral.Referrer(text(r, "name"), text(r, "role"), text(r, "phone"), text(r, "email")), null);
    }

    private static String text(JsonNode node, String field) {
        return PublishedSchema.text(node, field);
    }

    private static String upper(String postcode) {
        return postcode == null ? null : postcode.toUpperCase(Locale.ROOT);
    }
}
