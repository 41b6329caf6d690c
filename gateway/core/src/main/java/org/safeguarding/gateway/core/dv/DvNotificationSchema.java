package org.safeguarding.gateway.core.dv;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.CodedException.Violation;
import tools.jackson.databind.JsonNode;

/**
 * The published JSON Schema (schemas/dv-notification.schema.json), applied to every submission, a force system's JSON
 * and an officer's console form alike; each violation names its field ({@code childrenPresent[0].nhsNumber}).
 */
public final class DvNotificationSchema {

    private static final Schema SCHEMA = load();

    private DvNotificationSchema() {}

    /** The notification the JSON describes, once the schema holds; otherwise every violation, each naming its field. */
    public static DvNotification read(JsonNode body) {
        check(body);
        return canonical(body);
    }

    static void check(JsonNode body) {
        List<Error> errors = SCHEMA.validate(body, context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        if (errors.isEmpty()) {
            return;
        }
        List<Violation> violations = new ArrayList<>();
        for (Error error : errors) {
            violations.add(new Violation(field(error), error.getMessage().replaceFirst("^\\$[^:]*: ", "")));
        }
        throw new InvalidInput(violations);
    }

    /** {@code /childrenPresent/0/nhsNumber} becomes {@code childrenPresent[0].nhsNumber}; a missing property is named itself. */
    private static String field(Error error) {
        String path = error.getInstanceLocation().toString().replaceFirst("^[$/]\\.?", "")
                .replaceAll("/(\\d+)", "[$1]").replace('/', '.');
        if ("required".equals(error.getMessageKey()) && error.getProperty() != null) {
            return path.isEmpty() ? error.getProperty() : path + "." + error.getProperty();
        }
        return path.isEmpty() ? "body" : path;
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
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String upper(String postcode) {
        return postcode == null ? null : postcode.toUpperCase(Locale.ROOT);
    }

    private static Schema load() {
        try (InputStream in = DvNotificationSchema.class.getResourceAsStream("/schemas/dv-notification.schema.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
