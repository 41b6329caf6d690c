package org.safeguarding.gateway.core.validation;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.safeguarding.gateway.security.CodedException.Violation;
import tools.jackson.databind.JsonNode;

/**
 * A JSON Schema the gateway publishes (under {@code schemas/}), applied to every submission of its kind, an agency
 * system's JSON and a console form alike; each violation names its field as the API's problems do
 * ({@code children[0].nhsNumber}).
 */
public final class PublishedSchema {

    private final Schema schema;

    private PublishedSchema(Schema schema) {
        this.schema = schema;
    }

    /** @param resource the schema's classpath resource, e.g. {@code /schemas/referral.schema.json} */
    public static PublishedSchema load(String resource) {
        try (InputStream in = PublishedSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no schema " + resource + " on the classpath");
            }
            return new PublishedSchema(SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in, InputFormat.JSON));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Nothing when the body holds to the schema; otherwise every violation at once (400), each naming its field. */
    public void check(JsonNode body) {
        List<Error> errors = schema.validate(body, context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        List<Violation> violations = new ArrayList<>();
        for (Error error : errors) {
            violations.add(new Violation(field(error), error.getMessage().replaceFirst("^\\$[^:]*: ", "")));
        }
        controlCharacters(body, "", violations);
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
    }

    /** A schema's patterns and lengths let control characters through free text; the register's fields refuse them alike. */
    private static void controlCharacters(JsonNode node, String path, List<Violation> violations) {
        if (node == null) {
            return;
        }
        if (node.isString() && Fields.holdsControlCharacters(node.asString())) {
            violations.add(new Violation(path.isEmpty() ? "body" : path, "holds a control character"));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                controlCharacters(node.get(i), path + "[" + i + "]", violations);
            }
        } else if (node.isObject()) {
            node.properties().forEach(p -> controlCharacters(p.getValue(), path.isEmpty() ? p.getKey() : path + "." + p.getKey(), violations));
        }
    }

    /** {@code /children/0/nhsNumber} becomes {@code children[0].nhsNumber}; a missing or an unknown property is named itself. */
    private static String field(Error error) {
        String path = error.getInstanceLocation().toString().replaceFirst("^[$/]\\.?", "")
                .replaceAll("/(\\d+)", "[$1]").replace('/', '.');
        boolean namesAProperty = "required".equals(error.getMessageKey()) || "additionalProperties".equals(error.getMessageKey());
        if (namesAProperty && error.getProperty() != null) {
            return path.isEmpty() ? error.getProperty() : path + "." + error.getProperty();
        }
        return path.isEmpty() ? "body" : path;
    }

    /** A field's text, or null when it is absent or null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
