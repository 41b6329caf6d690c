package org.safeguarding.gateway.core.inbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Period;
import org.junit.jupiter.api.Test;

/** The inbox retention never purges an access notification that the indicators still count. */
class InboxRetentionTest {

    @Test
    void aRetentionCoveringTheIndicatorsWeeksIsAccepted() {
        InboxRetention.requireCovers(Period.ofYears(2));
        InboxRetention.requireCovers(Period.ofWeeks(8));
        InboxRetention.requireCovers(Period.ofMonths(2));
    }

    @Test
    void aShorterOneStopsTheStart() {
        assertThatThrownBy(() -> InboxRetention.requireCovers(Period.ofDays(55))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway.retention.inbox (P55D)").hasMessageContaining("8 weeks");
        assertThatThrownBy(() -> InboxRetention.requireCovers(Period.ofDays(0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InboxRetention.requireCovers(Period.ofYears(-2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InboxRetention.requireCovers(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
