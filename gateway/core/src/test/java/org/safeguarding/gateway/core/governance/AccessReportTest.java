package org.safeguarding.gateway.core.governance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessReportTest {

    @Test
    void theUserIsTheUsernameTheRecordCarriesBesideTheSubject() {
        assertThat(AccessReport.user("5f1c-77aa (sw.derby)")).isEqualTo("sw.derby");
        assertThat(AccessReport.user("service-account-id (la-derby-system)")).isEqualTo("la-derby-system");
        assertThat(AccessReport.user("no-username")).isEqualTo("no-username");
    }
}
