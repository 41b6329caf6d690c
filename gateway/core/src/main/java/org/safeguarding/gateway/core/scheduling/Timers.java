package org.safeguarding.gateway.core.scheduling;

/** The one way the gateway's periodic routes are timed (outbox relay, escalation, retention, audit checkpoints). */
public final class Timers {

    private Timers() {}

    /** A Camel timer endpoint that first fires after {@code millis} and then every {@code millis}. */
    public static String every(String name, long millis) {
        return "timer:" + name + "?delay=" + millis + "&period=" + millis;
    }
}
