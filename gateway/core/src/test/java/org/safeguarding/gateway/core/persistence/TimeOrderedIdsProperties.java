package org.safeguarding.gateway.core.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class TimeOrderedIdsProperties {

    private static Clock at(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    /** Up to the year 10889, where 48 bits of milliseconds run out. */
    @Property
    void aLaterMillisecondGivesAnIdThatSortsAfter(@ForAll @LongRange(min = 0, max = (1L << 48) - 2) long millis,
            @ForAll @LongRange(min = 1, max = 1_000_000_000L) long later) {
        long then = Math.min((1L << 48) - 1, millis + later);
        assertThat(TimeOrderedIds.next(at(then))).isGreaterThan(TimeOrderedIds.next(at(millis)));
    }

    @Property
    void everyIdIsAVersion7UuidCarryingItsTime(@ForAll @LongRange(min = 0, max = (1L << 48) - 1) long millis) {
        String id = TimeOrderedIds.next(at(millis));
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.toString()).isEqualTo(id);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(millis);
    }

    @Example
    void idsWithinOneMillisecondDifferByTheirRandomBits() {
        Clock sameInstant = at(Instant.parse("2026-11-26T12:00:00Z").toEpochMilli());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(TimeOrderedIds.next(sameInstant));
        }
        assertThat(ids).hasSize(100_000);
    }
}
