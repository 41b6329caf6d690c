package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The API's description (OpenAPI 3, springdoc) is served at /api/v1/openapi.json without a token, and describes every
 * operation the gateway's controllers answer under /api/v1: each mapped path and method, read from Spring's own handler
 * mappings, is in it, and it names nothing the controllers do not answer (springdoc's own endpoints aside).
 */
class OpenApiIT extends GatewayIntegrationTest {

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
}
