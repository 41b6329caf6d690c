package org.safeguarding.gateway.core.dv;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.safeguarding.gateway.core.validation.PublishedSchema;
import tools.jackson.databind.JsonNode;

/**
 * The published JSON Schema (schemas/dv-notification.schema.json), applied to every submission, a force system's JSON
 * and an officer's console form alike; each violation names its field ({@code childrenPresent[0].nhsNumber}).
 */
public final class DvNotificationSchema {

    private static final PublishedSchema SCHEMA = PublishedSchema.load("/schemas/dv-notification.schema.json");

    private DvNotificationSchema() {}

    /** The notification the JSON describes, once the schema holds; otherwise every violation, each naming its field. */
    public static DvNotification read(JsonNode body) {
        check(body);
        return canonical(body);
    }

    static void check(JsonNode body) {
        SCHEMA.check(body);
    }

    /** Schema-valid JSON to the canonical notification (the schema guarantees the shapes read here). */
    private static DvNotification canonical(JsonNode t) {
        List<DvNotification.Child> children = new ArrayList<>();
        for (JsonNode c : t.get("childrenPresent")) {
            children.add(new DvNotification.Child(text(c, "nhsNumber"), text(c, "givenName"), text(c, "familyName"),
                    LocalDate.parse(text(c, "birthDate")), text(c, "schoolId"), upper(text(c, "postcode"))));
        }
        List<DvNotification.Adult> adults = new ArrayList<>();
        if (t.has("adultsInvolved")) {
            for (JsonNode a : t.get("adultsInvolved")) {
                adults.add(new DvNotification.Adult(text(a, "givenName"), text(a, "familyName"),
                        a.has("birthDate") ? LocalDate.parse(text(a, "birthDate")) : null, text(a, "relationship")));
            }
        }
        JsonNode officer = t.get("officer");
        return new DvNotification(null, null, text(t, "forceReference"),
                OffsetDateTime.parse(text(t, "incidentDateTime")).toInstant(),
                DvNotification.RiskLevel.valueOf(text(t, "riskLevel").toUpperCase(Locale.ROOT)),
                upper(text(t.get("location"), "postcode")), text(t, "summary"), children, adults,
                new DvNotification.Officer(text(officer, "name"), text(officer, "collarNumber"), text(officer, "phone")), null);
    }

    private static String text(JsonNode node, String field) {
        return PublishedSchema.text(node, field);
    }

    private static String upper(String postcode) {
        return postcode == null ? null : postcode.toUpperCase(Locale.ROOT);
    }
}
