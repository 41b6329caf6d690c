package org.safeguarding.gateway.server;

import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Per-organisation rate limits on the bearer-token API and FHIR endpoint ({@code gateway.rate-limit.*}), counted by each
 * node on its own ({@link OrganisationRateLimits}).
 *
 * @param enabled         false: no limit at all (only for benchmarks that measure the gateway's own capacity)
 * @param perOrganisation what every organisation may send unless it has an override
 * @param overrides       by {@code org_id}: an organisation whose systems legitimately send more (or, to contain it, less)
 */
@ConfigurationProperties("gateway.rate-limit")
public record RateLimitProperties(Boolean enabled, Limit perOrganisation, Map<String, Limit> overrides) {

    private static final Limit BUILT_IN = new Limit(50, 200);

    public RateLimitProperties {
        enabled = enabled == null || enabled;
        Limit base = BUILT_IN.under(perOrganisation);
        perOrganisation = base;
        overrides = overrides == null ? Map.of() : overrides.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> base.under(e.getValue())));
    }

    /** The limit of {@code orgId}: its override, else the default. */
    public Limit of(String orgId) {
        return orgId == null ? perOrganisation : overrides.getOrDefault(orgId, perOrganisation);
    }

    /**
     * A token bucket: {@code burst} requests at once, refilled continuously at {@code requestsPerSecond}.
     *
     * @param requestsPerSecond the sustained rate (default 50)
     * @param burst             how many requests may come at once after a quiet spell (default 200)
     */
    public record Limit(Integer requestsPerSecond, Integer burst) {
        public Limit {
            if (requestsPerSecond != null && requestsPerSecond < 1 || burst != null && burst < 1) {
                throw new IllegalArgumentException("gateway.rate-limit: requests-per-second and burst must be at least 1, not "
                        + requestsPerSecond + " and " + burst);
            }
        }

        /** {@code limit} with what it leaves out taken from this one: an override may set only the rate, or only the burst. */
        Limit under(Limit limit) {
            return limit == null ? this : new Limit(limit.requestsPerSecond() == null ? requestsPerSecond : limit.requestsPerSecond(),
                    limit.burst() == null ? burst : limit.burst());
        }
    }
}
