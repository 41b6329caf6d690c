package org.safeguarding.gateway.core.outbox;

/** A message waiting for the broker: its stable id, the queue it goes to, and its JSON. */
public record OutboxMessage(String id, String destination, String payload) {}
