package org.safeguarding.gateway.adapters.police;

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
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.CodedException.Violation;
import tools.jackson.databind.JsonNode;

/** The published JSON Schema (schemas/dv-notification.schema.json), applied to every submission; each violation names its field. */
final class DvNotificationSchema {

    private static final Schema SCHEMA = load();

    private DvNotificationSchema() {}

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

    private static Schema load() {
        try (InputStream in = DvNotificationSchema.class.getResourceAsStream("/schemas/dv-notification.schema.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
