package org.safeguarding.gateway.server;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's own settings (prefix {@code gateway}).
 *
 * @param dataDirectory      where the embedded database, broker journal and generated keys live
 * @param issuerUri          the only token issuer trusted (the agencies' Keycloak realm)
 * @param audience           the audience every token must carry
 * @param tokenClockSkew     how far token times may drift from ours before a token counts as expired
 * @param visibilityDays     how long an ended plan stays visible to lookups (status inactive)
 * @param outboxPollMillis   how often the outbox relay looks for committed messages
 * @param maxJsonBytes       the largest JSON request body accepted (413 above)
 * @param demoData           a folder with agencies.json and plans.json loaded at start; empty for none
 */
@Validated
@ConfigurationProperties("gateway")
public record GatewayProperties(
        @NotNull Path dataDirectory,
        @NotBlank String issuerUri,
        @NotBlank String audience,
        @NotNull Duration tokenClockSkew,
        @Min(0) int visibilityDays,
        @Min(10) long outboxPollMillis,
        @Min(1024) long maxJsonBytes,
        Path demoData) {}
