package org.safeguarding.gateway.security;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * What every log line written for a request or a flow carries (the logging MDC, written out as fields of the JSON log):
 * {@code traceId}, the caller's {@code org} and the {@code flow}. Identifiers only, never anything about a child: the
 * names, NHS numbers and message bodies stay out of the logs.
 *
 * <p>The trace id is the caller's {@code TraceID} header when it is a UUID (what CP-IS asks of its callers), else one the
 * gateway makes: any other text a caller sends is not repeated into the logs, since it could be anything, a child's NHS
 * number included. It travels with the work it causes through the broker ({@link #TRACE_ID} and {@link #ORG} are also
 * the queued messages' property names), so a delivery made later on another thread or node is found by the same id.
 */
public final class LogContext {

    public static final String TRACE_ID = "traceId";
    public static final String ORG = "org";
    public static final String FLOW = "flow";

    private static final Pattern UUID_FORM = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private LogContext() {}

    /** The trace id for work that arrives with {@code given} (a header, a queued message's property): it, or a new one. */
    public static String traceIdFrom(String given) {
        return given != null && UUID_FORM.matcher(given).matches() ? given.toLowerCase() : newTraceId();
    }

    /**
     * A random (version 4) UUID from the thread's own generator. {@code UUID.randomUUID()} draws from the one
     * {@code SecureRandom} the JVM shares, behind a lock every request thread would queue on under a flood of requests
     * (seen in a profile of the rate-limit bench); a trace id must be unique, not unguessable: it grants nothing.
     */
    static String newTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** Starts the context of a unit of work on this thread (a request, a queued message, a timer's tick). */
    public static void begin(String traceId, String org, String flow) {
        MDC.put(TRACE_ID, traceId);
        put(ORG, org);
        put(FLOW, flow);
    }

    /** Ends it: a pooled thread takes the next request or message with nothing of this one's. */
    public static void end() {
        MDC.remove(TRACE_ID);
        MDC.remove(ORG);
        MDC.remove(FLOW);
    }

    /**
     * An access decision names the caller and the action: the first one in a unit of work gives its lines the caller's
     * organisation and, for a request, the flow (the action as the audit trail records it, e.g. {@code cp-lookup});
     * a queued message's flow is its route's and stays so.
     */
    static void decided(Caller caller, Action action) {
        if (MDC.get(TRACE_ID) == null) {
            return; // not within a unit of work (start-up, a test calling a service directly): nothing to end it
        }
        if (MDC.get(ORG) == null) {
            put(ORG, caller.orgId());
        }
        if (MDC.get(FLOW) == null) {
            put(FLOW, action.code());
        }
    }

    /**
     * {@code work} for another thread to run within this thread's context: what a request hands the audit writer to commit
     * with its record (the outbox row it queues takes the request's trace from there), or null for none.
     */
    public static Runnable carrying(Runnable work) {
        String traceId = MDC.get(TRACE_ID);
        if (work == null || traceId == null) {
            return work;
        }
        String org = MDC.get(ORG);
        String flow = MDC.get(FLOW);
        return () -> {
            begin(traceId, org, flow);
            try {
                work.run();
            } finally {
                end();
            }
        };
    }

    public static String traceId() {
        return MDC.get(TRACE_ID);
    }

    public static String org() {
        return MDC.get(ORG);
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        } else {
            MDC.remove(key);
        }
    }
}
