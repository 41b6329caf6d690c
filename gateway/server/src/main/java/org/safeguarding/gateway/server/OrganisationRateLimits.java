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
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one decision whether an organisation may send another request now: a Bucket4j token bucket per {@code org_id}, in
 * this node's memory. One organisation's runaway client is answered 429 once its bucket is empty, while every other
 * organisation's requests are served from buckets of their own. Each refusal is counted in
 * {@code gateway_rate_limited_total{org}} (organisation ids are no child data); it is not audited, because a refused
 * request reached nothing, and a chain record for each would let the runaway client load the shared audit chain instead.
 * For the same reason it is not logged one line a request ({@link RequestLogContext} leaves 429s out): a client that ignores
 * {@code Retry-After} is refused thousands of times a second, which would fill the disk and queue every other request's
 * line behind the log file's lock. The log has one line an organisation when its refusals begin and one a minute while
 * they go on, with the count.
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

    /** How often an organisation's refusals are summed up in the log while they go on. */
    static final Duration LOGGED_EVERY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(OrganisationRateLimits.class);

    /** {@code refusedSinceLogged} and {@code loggedAt} (nanos, {@code time}'s) are what the log's summary needs. */
    private record Organisation(Bucket bucket, Counter limited, AtomicLong refusedSinceLogged, AtomicLong loggedAt) {}

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
        logRefusal(key, organisation);
        return OptionalLong.of(Math.max(1, (probe.getNanosToWaitForRefill() + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1)));
    }

    /**
     * The first refusal after a quiet minute is logged at once; later ones are counted, and whichever refusal comes first a
     * minute after the last line logs the count (one thread wins the swap, so one line a minute however many refuse at once).
     */
    private void logRefusal(String orgId, Organisation organisation) {
        long refused = organisation.refusedSinceLogged().incrementAndGet();
        long now = time.currentTimeNanos();
        long last = organisation.loggedAt().get();
        if (now - last >= LOGGED_EVERY.toNanos() && organisation.loggedAt().compareAndSet(last, now)) {
            long count = organisation.refusedSinceLogged().getAndSet(0);
            if (refused == 1) {
                LOG.warn("organisation {} is over its limit of {} requests a second: its requests are answered 429", orgId,
                        requestsPerSecond(orgId));
            } else {
                LOG.warn("organisation {}: {} requests answered 429 over its limit of {} a second in the last {} s", orgId, count,
                        requestsPerSecond(orgId), TimeUnit.NANOSECONDS.toSeconds(now - last));
            }
        }
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
        // as if last logged a minute ago: the first refusal is logged at once
        return new Organisation(bucket, limited, new AtomicLong(), new AtomicLong(time.currentTimeNanos() - LOGGED_EVERY.toNanos()));
    }
}
