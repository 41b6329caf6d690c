-- Transactional outbox: a message is written here in the same transaction as the change that
-- causes it, then relayed to the broker; the relay marks it sent only after the broker has it.
CREATE TABLE outbox_message (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    destination VARCHAR(100) NOT NULL,
    payload     TEXT         NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX outbox_message_pending ON outbox_message (sent_at, created_at);

-- Every agency's mailbox. The id is the message's stable id, so a redelivered message is stored once.
CREATE TABLE inbox_message (
    id              VARCHAR(64)   NOT NULL PRIMARY KEY,
    recipient       VARCHAR(100)  NOT NULL,
    message_type    VARCHAR(40)   NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    nhs_number      CHAR(10),
    reference       VARCHAR(100),
    summary         VARCHAR(1000) NOT NULL,
    body            TEXT,
    acknowledged_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX inbox_message_recipient ON inbox_message (recipient, created_at);
