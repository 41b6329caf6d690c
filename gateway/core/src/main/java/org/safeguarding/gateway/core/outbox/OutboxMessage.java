package org.safeguarding.gateway.core.outbox;

/** A message waiting for the broker: its stable id, the queue it goes to, its JSON, and the log context that queued it. */
public record OutboxMessage(String id, String destination, String payload, String traceId, String callerOrg) {}
