-- The audit trail is append-only: the application never updates or deletes these rows.
CREATE TABLE audit_record (
    seq           BIGINT       NOT NULL PRIMARY KEY,
    recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    subject       VARCHAR(300) NOT NULL,
    roles         VARCHAR(300) NOT NULL,
    org_id        VARCHAR(100),
    action        VARCHAR(60)  NOT NULL,
    resource      VARCHAR(300) NOT NULL,
    nhs_number    VARCHAR(10),
    outcome       VARCHAR(30)  NOT NULL,
    trace_id      VARCHAR(200),
    reason        VARCHAR(1000),
    previous_hash CHAR(64)     NOT NULL,
    hash          CHAR(64)     NOT NULL
);
CREATE INDEX audit_record_child ON audit_record (nhs_number, action, seq);
