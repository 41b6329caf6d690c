package org.safeguarding.gateway.server;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the generated API description (springdoc, /api/v1/openapi.json) cannot read from the controllers, said once for
 * every operation: each needs a Keycloak bearer token, and each may answer 400 (bad input), 401 (no token or one that
 * fails verification) and 403 (the policy refused), as {@code application/problem+json} ({@link ProblemResponses}).
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    static final String BEARER = "keycloak";

    /** A refusal every operation may answer: its status, its name among the description's responses, what it means. */
    private record Refusal(String status, String name, String meaning) {}

    private static final List<Refusal> REFUSALS = List.of(
            new Refusal("400", "BadInput", "bad input: each bad field named in errors; nothing stored"),
            new Refusal("401", "Unauthenticated", "no bearer token, or one that fails verification (signature, issuer, audience, expiry, not-before)"),
            new Refusal("403", "Refused", "the access policy refused the caller (the same answer whether or not the resource exists)"));

    @Bean
    OpenApiCustomizer refusalsOfEveryOperation() {
        return openApi -> {
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            openApi.setComponents(components);
            components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                    .description("an access token of the Keycloak realm safeguarding, audience safeguarding-gateway"));
            components.addSchemas("Problem", problem());
            REFUSALS.forEach(refusal -> components.addResponses(refusal.name(), new ApiResponse().description(refusal.meaning())
                    .content(new Content().addMediaType("application/problem+json",
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))))));
            openApi.addSecurityItem(new SecurityRequirement().addList(BEARER));
            if (openApi.getPaths() != null) {
                openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation ->
                        REFUSALS.forEach(refusal -> operation.getResponses()
                                .computeIfAbsent(refusal.status(), s -> new ApiResponse().$ref("#/components/responses/" + refusal.name())))));
            }
        };
    }

    /** RFC 9457 problem details with the gateway's additions (a refusal's code, bad input's fields). */
    private static Schema<Object> problem() {
        Schema<Object> violation = object().addProperty("field", string()).addProperty("message", string());
        return object()
                .addProperty("type", string()).addProperty("title", string()).addProperty("status", new Schema<>().types(Set.of("integer")).type("integer"))
                .addProperty("detail", string()).addProperty("instance", string()).addProperty("code", string())
                .addProperty("errors", new Schema<>().types(Set.of("array")).type("array").items(violation));
    }

    private static Schema<Object> object() {
        return new Schema<>().types(Set.of("object")).type("object");
    }

    private static Schema<Object> string() {
        return new Schema<>().types(Set.of("string")).type("string");
    }
}
