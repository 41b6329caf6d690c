package org.safeguarding.gateway.core.scheduling;

/** The one way the gateway's periodic routes are timed (outbox relay, escalation, retention, audit checkpoints). */
public final class Timers {

    /**
     * The route policy of scheduled work that must run on one node at a time (retention, escalation, checkpoints, the file
     * drop, MESH polling): {@code .routePolicyRef(Timers.ON_ONE_NODE)}. The node is chosen by {@link DatabaseLeadership};
     * on the others the route stays stopped until the node running it dies. The outbox relay alone runs on every node: its
     * rows are shared out with {@code FOR UPDATE SKIP LOCKED}.
     */
    public static final String ON_ONE_NODE = "onOneNode";

    /** The leadership namespace of {@link #ON_ONE_NODE}. */
    public static final String SCHEDULED_WORK = "scheduled-work";

    private Timers() {}

    /** A Camel timer endpoint that first fires after {@code millis} and then every {@code millis}. */
    public static String every(String name, long millis) {
        return "timer:" + name + "?delay=" + millis + "&period=" + millis;
    }
}
