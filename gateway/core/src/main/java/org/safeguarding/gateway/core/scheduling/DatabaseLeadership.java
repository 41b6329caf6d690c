package org.safeguarding.gateway.core.scheduling;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;

/**
 * Which node runs the gateway's scheduled work: the one holding a PostgreSQL session-level advisory lock, one per
 * namespace. PostgreSQL itself is the arbiter, with nothing to install beside it: a lock belongs to a database session, so
 * when its node dies (SIGKILL, power cut) the server ends the session as soon as the connection drops and the lock is free;
 * every other node tries for it every {@code checkEvery} and the first to ask takes the work over. A node that can no longer
 * reach the database (its session, and so the lock, may be gone) gives the work up at its next check.
 *
 * <p>Written here rather than taken from a library: Camel's cluster services need ZooKeeper, Consul, Kubernetes, Infinispan
 * or a shared file system, none of which a partnership running the gateway on PostgreSQL has; ShedLock and Spring
 * Integration's lock registries lease a row for a fixed time, so a dead node's work waits out the lease. This is the
 * Camel {@link org.apache.camel.cluster.CamelClusterService} SPI, so routes take part through Camel's own
 * {@link org.apache.camel.impl.cluster.ClusteredRoutePolicy}.
 */
public class DatabaseLeadership extends AbstractCamelClusterService<DatabaseLeadership.View> {

    private static final System.Logger LOG = System.getLogger(DatabaseLeadership.class.getName());
    /** The advisory locks' first key: the gateway's own, so that another application's advisory locks on the server never clash. */
    private static final int GATEWAY_LOCKS = 0x53474757; // "SGGW"
    private static final int VALID_WITHIN_SECONDS = 5;

    private final DataSource dataSource;
    private final String node;
    private final Duration checkEvery;

    public DatabaseLeadership(DataSource dataSource, String node, Duration checkEvery) {
        super("database-leadership-" + node);
        this.dataSource = dataSource;
        this.node = node;
        this.checkEvery = checkEvery;
    }

    @Override
    protected View createView(String namespace) {
        return new View(namespace);
    }

    /** One namespace's lock, tried for and then watched on a connection of its own. */
    public final class View extends AbstractCamelClusterView {

        private final int lockKey;
        private final CamelClusterMember local = new CamelClusterMember() {
            @Override
            public boolean isLeader() {
                return leader;
            }

            @Override
            public boolean isLocal() {
                return true;
            }

            @Override
            public String getId() {
                return node;
            }
        };
        private ScheduledExecutorService checks;
        /** The session holding the lock (or trying for it); only the checking thread touches it. */
        private Connection session;
        private volatile boolean leader;

        View(String namespace) {
            super(DatabaseLeadership.this, namespace);
            this.lockKey = namespace.hashCode();
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return leader ? Optional.of(local) : Optional.empty();
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return local;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            return List.of(local);
        }

        @Override
        protected void doStart() {
            checks = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "leadership-" + getNamespace());
                t.setDaemon(true);
                return t;
            });
            checks.scheduleWithFixedDelay(this::check, 0, checkEvery.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        protected void doStop() throws InterruptedException {
            checks.shutdownNow();
            checks.awaitTermination(VALID_WITHIN_SECONDS * 2L, TimeUnit.SECONDS);
            leader = false;
            endSession();
        }

        private void check() {
            try {
                if (session == null) {
                    session = dataSource.getConnection();
                    session.setAutoCommit(true);
                }
                if (!leader) {
                    if (tryLock()) {
                        leader = true;
                        LOG.log(System.Logger.Level.INFO, "node {0} now runs the scheduled work ({1})", node, getNamespace());
                        fireLeadershipChangedEvent(local);
                    }
                } else if (!session.isValid(VALID_WITHIN_SECONDS)) {
                    giveUp("its database session was lost");
                }
            } catch (SQLException | RuntimeException e) {
                giveUp(e.toString());
            }
        }

        private boolean tryLock() throws SQLException {
            try (PreparedStatement lock = session.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                lock.setInt(1, GATEWAY_LOCKS);
                lock.setInt(2, lockKey);
                try (ResultSet rs = lock.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        }

        private void giveUp(String why) {
            boolean was = leader;
            leader = false;
            endSession();
            if (was) {
                LOG.log(System.Logger.Level.WARNING, "node {0} stops the scheduled work ({1}): {2}", node, getNamespace(), why);
                fireLeadershipChangedEvent(Optional.empty());
            }
        }

        /** Unlocks before the connection goes back to a pool: a pooled connection's session outlives its borrower. */
        private void endSession() {
            if (session == null) {
                return;
            }
            try (Connection c = session) {
                c.createStatement().execute("SELECT pg_advisory_unlock_all()");
            } catch (SQLException | RuntimeException ignored) {
                // a broken session has lost its locks with it
            }
            session = null;
        }
    }
}
