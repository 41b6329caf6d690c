-- Why a broker message last failed, by its stable id: what the operators' dead-letter view shows beside each dead letter
-- (the broker keeps the message but not the reason). No child data: ids, queue, flow, a scrubbed reason.
CREATE TABLE message_failure (
    message_id  VARCHAR(200) PRIMARY KEY,
    queue       VARCHAR(200) NOT NULL,
    flow        VARCHAR(100) NOT NULL,
    reason      VARCHAR(500) NOT NULL,
    attempts    INT NOT NULL,
    failed_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
