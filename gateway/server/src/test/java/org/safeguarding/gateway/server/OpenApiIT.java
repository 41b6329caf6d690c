package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API's description (OpenAPI 3, springdoc) is served at /api/v1/openapi.json without a token, and describes every
 * operation the gateway's controllers answer under /api/v1: each mapped path and method, read from Spring's own handler
 * mappings, is in it, and it names nothing the controllers do not answer (springdoc's own endpoints aside).
 */
class OpenApiIT extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void theDescriptionCoversEveryOperationOfTheControllers() {
        var answer = api.get("/api/v1/openapi.json", null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode openApi = answer.json();
        assertThat(openApi.get("openapi").asString()).startsWith("3.");

        List<String> mapped = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String path : info.getPatternValues()) {
                if (!path.startsWith("/api/v1/") || !method.getBeanType().getPackageName().startsWith("org.safeguarding")) {
                    continue;
                }
                for (RequestMethod verb : info.getMethodsCondition().getMethods()) {
                    mapped.add(verb.name().toLowerCase(Locale.ROOT) + " " + path);
                }
            }
        });
        assertThat(mapped).as("the controllers' operations under /api/v1").hasSizeGreaterThan(20);

        List<String> described = new ArrayList<>();
        openApi.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (List.of("get", "put", "post", "delete", "patch").contains(operation.getKey())) {
                described.add(operation.getKey() + " " + path.getKey());
            }
        }));
        assertThat(described).containsExactlyInAnyOrderElementsOf(mapped);
    }

    /**
     * The description is valid OpenAPI 3 as the Swagger parser reads it. springdoc writes OpenAPI 3.1, which the parser
     * checks in part: required attributes, attribute types and enumerations, unknown attributes, every reference resolved;
     * not, for instance, that a security requirement names a declared scheme (asserted here instead). Every operation
     * documents its success and the refusals every secured operation may give (400, 401, 403), and needs the bearer
     * scheme. The same parser finds a description spoilt on purpose invalid, so its clean answer means something.
     */
    @Test
    void theDescriptionIsValidOpenApiAndEveryOperationDocumentsItsRefusals() {
        String served = api.get("/api/v1/openapi.json", null).body();
        SwaggerParseResult parsed = parse(served);
        assertThat(parsed.getMessages()).as("the parser's messages").isEmpty();
        OpenAPI description = parsed.getOpenAPI();
        assertThat(description.getOpenapi()).startsWith("3.");
        assertThat(description.getComponents().getSecuritySchemes().get("keycloak").getScheme()).isEqualTo("bearer");
        assertThat(description.getSecurity()).as("every operation needs the bearer token")
                .singleElement().satisfies(requirement -> assertThat(requirement).containsOnlyKeys("keycloak"));
        List<String> operations = new ArrayList<>();
        description.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            operations.add(method + " " + path);
            assertThat(operation.getResponses()).as(method + " " + path).containsKeys("400", "401", "403");
            assertThat(operation.getResponses().keySet()).as(method + " " + path + ": its success").anyMatch(status -> status.startsWith("2"));
        }));
        assertThat(operations).hasSizeGreaterThan(20);

        ObjectNode spoilt = (ObjectNode) JSON.readTree(served);
        spoilt.remove("info");
        ((ObjectNode) spoilt.get("components").get("responses").get("Unauthenticated")).remove("description");
        spoilt.put("notOpenApi", "an attribute OpenAPI does not have");
        assertThat(parse(spoilt.toString()).getMessages()).as("no info, a response without its description, an unknown attribute")
                .anySatisfy(message -> assertThat(message).isEqualTo("attribute info is missing"))
                .anySatisfy(message -> assertThat(message).contains("Unauthenticated").endsWith("description is missing"))
                .anySatisfy(message -> assertThat(message).isEqualTo("attribute notOpenApi is unexpected"));
    }

    private static SwaggerParseResult parse(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(json, null, options);
    }
}
