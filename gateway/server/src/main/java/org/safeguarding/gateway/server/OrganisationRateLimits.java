package org.safeguarding.gateway.server;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The one decision whether an organisation may send another request now: a Bucket4j token bucket per {@code org_id}, in
 * this node's memory. One organisation's runaway client is answered 429 once its bucket is empty, while every other
 * organisation's requests are served from buckets of their own. Each refusal is counted in
 * {@code gateway_rate_limited_total{org}} (organisation ids are no child data); it is not audited, because a refused
 * request reached nothing, and a chain record for each would let the runaway client load the shared audit chain instead.
 *
 * <p>Buckets are never evicted: they are keyed by the {@code org_id} of verified tokens, which only the partnership's
 * Keycloak administrators set, so there are as many as the partnership has organisations (tens, a few hundred bytes each).
 */
class OrganisationRateLimits {

    /** The key of a token without an {@code org_id} (refused by the access policy anyway, but counted all the same). */
    private static final String NO_ORGANISATION = "(none)";

    private final RateLimitProperties properties;
    private final MeterRegistry metrics;
    private final TimeMeter time;
    private final Map<String, Organisation> organisations = new ConcurrentHashMap<>();

    private record Organisation(Bucket bucket, Counter limited) {}

    OrganisationRateLimits(RateLimitProperties properties, MeterRegistry metrics) {
        this(properties, metrics, TimeMeter.SYSTEM_NANOTIME);
    }

    /** With a clock of the test's own (the gateway's {@code Clock} is wall time, which tests move; a bucket needs a steady one). */
    OrganisationRateLimits(RateLimitProperties properties, MeterRegistry metrics, TimeMeter time) {
        this.properties = properties;
        this.metrics = metrics;
        this.time = time;
    }

    boolean enabled() {
        return properties.enabled();
    }

    /**
     * Takes one request from the organisation's bucket: empty when it may go on, else the whole seconds to wait before its
     * next request would be taken (rounded up, at least 1: {@code Retry-After} counts whole seconds).
     */
    OptionalLong take(String orgId) {
        if (!properties.enabled()) {
            return OptionalLong.empty();
        }
        String key = orgId == null ? NO_ORGANISATION : orgId;
        Organisation organisation = organisations.computeIfAbsent(key, this::bucketOf);
        ConsumptionProbe probe = organisation.bucket().tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        organisation.limited().increment();
        return OptionalLong.of(Math.max(1, (probe.getNanosToWaitForRefill() + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1)));
    }

    /** The sustained rate {@code orgId} is held to, for the refusal's message. */
    int requestsPerSecond(String orgId) {
        return properties.of(orgId).requestsPerSecond();
    }

    private Organisation bucketOf(String orgId) {
        RateLimitProperties.Limit limit = properties.of(orgId);
        Bucket bucket = Bucket.builder()
                .addLimit(l -> l.capacity(limit.burst()).refillGreedy(limit.requestsPerSecond(), Duration.ofSeconds(1)))
                .withCustomTimePrecision(time).build();
        Counter limited = Counter.builder("gateway.rate.limited").description("requests answered 429: the organisation was over its rate limit")
                .tag("org", orgId).register(metrics);
        return new Organisation(bucket, limited);
    }
}
