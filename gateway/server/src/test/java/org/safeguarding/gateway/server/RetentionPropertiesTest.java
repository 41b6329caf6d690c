package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Period;
import org.junit.jupiter.api.Test;

/** The audit trail outlives what it is about: the register's plans and the inboxes' messages. */
class RetentionPropertiesTest {

    @Test
    void theDefaultsHold() {
        new RetentionProperties(Period.ofYears(8), 3_600_000, Period.ofYears(10), Period.ofYears(2));
        new RetentionProperties(Period.ofYears(8), 3_600_000, Period.ofYears(10), Period.ofYears(9));
    }

    @Test
    void anAuditRetentionShorterThanTheInboxesStopsTheStart() {
        assertThatThrownBy(() -> new RetentionProperties(Period.ofYears(1), 3_600_000, Period.ofYears(2), Period.ofYears(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gateway.retention.audit (P2Y) is shorter than gateway.retention.inbox (P3Y): the record of a purged"
                        + " message's acknowledgement must outlive the message");
        assertThatThrownBy(() -> new RetentionProperties(Period.ofYears(3), 3_600_000, Period.ofYears(2), Period.ofYears(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gateway.retention.plans (P3Y)");
    }
}
