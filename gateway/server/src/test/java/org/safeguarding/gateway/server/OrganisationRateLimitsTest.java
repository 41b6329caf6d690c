package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.server.RateLimitProperties.Limit;
import org.slf4j.LoggerFactory;

/** The per-organisation decision on a clock the test moves: buckets apart, overrides, Retry-After's whole seconds, the count. */
class OrganisationRateLimitsTest {

    private long now;
    private final TimeMeter clock = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return now;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    private OrganisationRateLimits limits(Boolean enabled, Limit perOrganisation, Map<String, Limit> overrides) {
        return new OrganisationRateLimits(new RateLimitProperties(enabled, perOrganisation, overrides), metrics, clock);
    }

    private static int taken(OrganisationRateLimits limits, String org, int tries) {
        int taken = 0;
        for (int i = 0; i < tries; i++) {
            taken += limits.take(org).isEmpty() ? 1 : 0;
        }
        return taken;
    }

    @Test
    void aBurstIsServedThenRefusedUntilTheBucketRefills() {
        OrganisationRateLimits limits = limits(true, new Limit(10, 20), Map.of());
        assertThat(taken(limits, "ae-royal-derby", 25)).isEqualTo(20);
        now += TimeUnit.MILLISECONDS.toNanos(500);
        assertThat(taken(limits, "ae-royal-derby", 10)).as("half a second refills five").isEqualTo(5);
    }

    @Test
    void eachOrganisationHasABucketOfItsOwn() {
        OrganisationRateLimits limits = limits(true, new Limit(1, 3), Map.of());
        assertThat(taken(limits, "ae-runaway", 100)).isEqualTo(3);
        assertThat(taken(limits, "police-derbyshire", 3)).isEqualTo(3);
    }

    @Test
    void anOverrideReplacesTheDefaultForItsOrganisationOnly() {
        OrganisationRateLimits limits = limits(true, new Limit(1, 2), Map.of("ae-regional", new Limit(100, 50)));
        assertThat(taken(limits, "ae-regional", 60)).isEqualTo(50);
        assertThat(taken(limits, "gp-derby-central", 60)).isEqualTo(2);
        assertThat(limits.requestsPerSecond("ae-regional")).isEqualTo(100);
        assertThat(limits.requestsPerSecond("gp-derby-central")).isEqualTo(1);
    }

    @Test
    void retryAfterIsTheWaitInWholeSecondsRoundedUpAndAtLeastOne() {
        OrganisationRateLimits slow = limits(true, new Limit(1, 1), Map.of());
        slow.take("la-derby");
        assertThat(slow.take("la-derby")).isEqualTo(OptionalLong.of(1));
        now += TimeUnit.MILLISECONDS.toNanos(999);
        assertThat(slow.take("la-derby")).as("a millisecond to go is still a second").isEqualTo(OptionalLong.of(1));
        now += TimeUnit.MILLISECONDS.toNanos(1);
        assertThat(slow.take("la-derby")).isEmpty();

        OrganisationRateLimits fast = limits(true, new Limit(1000, 1), Map.of());
        fast.take("ae-royal-derby");
        assertThat(fast.take("ae-royal-derby")).as("a millisecond's wait").isEqualTo(OptionalLong.of(1));
    }

    @Test
    void refusalsAreCountedPerOrganisation() {
        OrganisationRateLimits limits = limits(true, new Limit(1, 2), Map.of());
        taken(limits, "ae-runaway", 7);
        taken(limits, "police-derbyshire", 2);
        assertThat(metrics.get("gateway.rate.limited").tag("org", "ae-runaway").counter().count()).isEqualTo(5);
        assertThat(metrics.get("gateway.rate.limited").tag("org", "police-derbyshire").counter().count()).isZero();
    }

    @Test
    void disabledNeverRefuses() {
        OrganisationRateLimits limits = limits(false, new Limit(1, 1), Map.of());
        assertThat(taken(limits, "ae-royal-derby", 1000)).isEqualTo(1000);
        assertThat(limits.enabled()).isFalse();
    }

    @Test
    void defaultsAreOnAndAboveNormalLoad() {
        RateLimitProperties defaults = new RateLimitProperties(null, null, null);
        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.of("any-org")).isEqualTo(new Limit(50, 200));
        assertThatThrownBy(() -> new Limit(0, 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    @Test
    void whatAnOverrideLeavesOutComesFromTheConfiguredDefault() {
        RateLimitProperties properties = new RateLimitProperties(true, new Limit(20, null),
                Map.of("ae-regional", new Limit(500, null), "police-derbyshire", new Limit(null, 10)));
        assertThat(properties.of("gp-derby-central")).isEqualTo(new Limit(20, 200));
        assertThat(properties.of("ae-regional")).isEqualTo(new Limit(500, 200));
        assertThat(properties.of("police-derbyshire")).isEqualTo(new Limit(20, 10));
    }

    @Test
    void refusalsAreLoggedOnceWhenTheyBeginThenSummedUpOnceAMinuteNotOneLineEach() {
        Logger logger = (Logger) LoggerFactory.getLogger(OrganisationRateLimits.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            OrganisationRateLimits limits = limits(true, new Limit(1, 2), Map.of());
            taken(limits, "police-runaway", 1_002);
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("organisation police-runaway is over its limit of 1 requests a second: its requests are answered 429");

            now += TimeUnit.SECONDS.toNanos(59);
            assertThat(taken(limits, "police-runaway", 10)).as("the bucket refilled to its burst").isEqualTo(2);
            assertThat(lines.list).as("within the minute: 8 more counted, not logged").hasSize(1);
            now += TimeUnit.SECONDS.toNanos(1);
            assertThat(taken(limits, "police-runaway", 500)).isEqualTo(1);
            assertThat(lines.list).hasSize(2).last().extracting(ILoggingEvent::getFormattedMessage)
                    .isEqualTo("organisation police-runaway: 1008 requests answered 429 over its limit of 1 a second in the last 60 s");
            assertThat(metrics.counter("gateway.rate.limited", "org", "police-runaway").count()).isEqualTo(1_000 + 8 + 499);
        } finally {
            logger.detachAppender(lines);
        }
    }
}
