-- The inbox's retention (InboxRetention) finds what has expired without reading the inboxes themselves:
-- acknowledged messages in the order they were acknowledged, with the unacknowledged ones (NULL) after them all, so
-- "acknowledged before the cutoff" stops at the cutoff and "not acknowledged, delivered before it" is one range too;
-- and the messages of a type that awaits no acknowledgement (the force's receipt) in the order they arrived.
CREATE INDEX inbox_message_acknowledged ON inbox_message (acknowledged_at ASC NULLS LAST, created_at);
CREATE INDEX inbox_message_type_delivered ON inbox_message (message_type, created_at);
