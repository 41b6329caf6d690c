-- The trace id and caller organisation of the request (or flow) that queued a message, so that the work it causes on
-- another thread or node logs under the same trace (LogContext). Identifiers only; null for messages queued before.
ALTER TABLE outbox_message ADD COLUMN trace_id VARCHAR(36);
ALTER TABLE outbox_message ADD COLUMN caller_org VARCHAR(100);
