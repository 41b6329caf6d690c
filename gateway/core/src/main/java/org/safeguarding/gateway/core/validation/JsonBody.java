package org.safeguarding.gateway.core.validation;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A request body that must be one JSON object: anything else is a 400 naming the body, before any schema is applied. */
public final class JsonBody {

    private JsonBody() {}

    public static JsonNode object(JsonMapper json, String body, String what) {
        if (body == null || body.isBlank()) {
            throw InvalidInput.of("body", what + " is required");
        }
        try {
            JsonNode tree = json.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw InvalidInput.of("body", "must be a JSON object");
            }
            return tree;
        } catch (JacksonException e) {
            throw InvalidInput.of("body", "is not valid JSON");
        }
    }
}
