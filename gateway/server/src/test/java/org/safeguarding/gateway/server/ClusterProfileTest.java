package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Under the cluster profile a node refuses the parts one node keeps to itself, naming the setting that is missing. */
class ClusterProfileTest {

    private static MockEnvironment cluster() {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("cluster");
        return environment;
    }

    @Test
    void withoutTheSharedPostgreSqlTheNodeRefusesToStart() {
        assertThatThrownBy(() -> ClusterConfiguration.refuseSingleNodeParts(cluster().withProperty("spring.artemis.mode", "native")
                .withProperty("spring.artemis.broker-url", "tcp://localhost:61616")))
                .hasMessageContaining("spring.datasource.url").hasMessageContaining("embedded store is refused");
    }

    @Test
    void withItsOwnEmbeddedBrokerTheNodeRefusesToStart() {
        assertThatThrownBy(() -> ClusterConfiguration.refuseSingleNodeParts(cluster()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db/gateway").withProperty("spring.artemis.mode", "embedded")))
                .hasMessageContaining("spring.artemis.broker-url").hasMessageContaining("embedded broker is refused");
        assertThatThrownBy(() -> ClusterConfiguration.refuseSingleNodeParts(cluster()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db/gateway").withProperty("spring.artemis.mode", "native")))
                .hasMessageContaining("spring.artemis.broker-url");
    }

    @Test
    void withBothSharedPartsOrOutsideTheProfileItStarts() {
        assertThatCode(() -> ClusterConfiguration.refuseSingleNodeParts(cluster()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db/gateway").withProperty("spring.artemis.mode", "native")
                .withProperty("spring.artemis.broker-url", "(tcp://a:61616,tcp://b:61617)?ha=true"))).doesNotThrowAnyException();
        assertThatCode(() -> ClusterConfiguration.refuseSingleNodeParts(new MockEnvironment())).doesNotThrowAnyException();
    }
}
