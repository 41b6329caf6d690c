package org.safeguarding.gateway.server;

import jakarta.validation.constraints.NotNull;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How this node shares the work with others (prefix {@code gateway.cluster}); one node alone needs none of it set.
 *
 * @param node            this node's name: its heartbeat row, its health queue, the holder named when it runs the scheduled
 *                        work. Empty: the host's name; nodes sharing a host each need their own
 * @param sharedDirectory what every node must see alike: the gateway's CA and signing key (any node signs checkpoints), the
 *                        demo agencies' keys and the file drop. One node: its data folder; several hosts: a shared mount
 * @param leadershipCheck how often a node tries for the scheduled work (and the node running it checks that it still holds
 *                        it): the longest a dead node's scheduled work waits for another to take it
 */
@Validated
@ConfigurationProperties("gateway.cluster")
public record ClusterProperties(String node, @NotNull Path sharedDirectory, @NotNull @DefaultValue("1s") Duration leadershipCheck) {

    public ClusterProperties {
        if (node == null || node.isBlank()) {
            node = hostName();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
