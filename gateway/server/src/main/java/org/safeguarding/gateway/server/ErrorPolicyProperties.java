package org.safeguarding.gateway.server;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The one place the gateway's retries are set ({@code gateway.error-policy}): the broker redelivers a message whose route
 * failed after {@code firstDelay}, each later wait multiplied by {@code multiplier} up to {@code maxDelay}, and after
 * {@code maxAttempts} it moves the message to the queue's dead-letter queue ({@code DLQ.<queue>}), where operators see it
 * and may re-run it. {@code queues} overrides the default for one queue (a push to an agency's system waits longer).
 */
@Validated
@ConfigurationProperties("gateway.error-policy")
public record ErrorPolicyProperties(@NotNull @Valid Redelivery redelivery, Map<String, @Valid Redelivery> queues) {

    public ErrorPolicyProperties {
        queues = queues == null ? Map.of() : Map.copyOf(queues);
    }

    public record Redelivery(@NotNull Duration firstDelay, @Min(1) double multiplier, @NotNull Duration maxDelay, @Min(1) int maxAttempts) {}

    public Redelivery forQueue(String queue) {
        return queues.getOrDefault(queue, redelivery);
    }
}
