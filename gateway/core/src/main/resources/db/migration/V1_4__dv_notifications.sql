-- Police domestic-violence notifications. The payload (narrative, adults) is kept only until the
-- notification is routed; after that only the recipients' envelopes hold it.
CREATE TABLE dv_notification (
    id                VARCHAR(64)   NOT NULL PRIMARY KEY,
    force_id          VARCHAR(100)  NOT NULL,
    idempotency_key   VARCHAR(200)  NOT NULL,
    force_reference   VARCHAR(100)  NOT NULL,
    received_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    incident_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    risk_level        VARCHAR(10)   NOT NULL,
    status            VARCHAR(20)   NOT NULL,
    payload           TEXT,
    local_authorities VARCHAR(1000),
    outcome_decision  VARCHAR(40),
    outcome_note      VARCHAR(2000),
    outcome_by        VARCHAR(300),
    outcome_at        TIMESTAMP WITH TIME ZONE,
    CONSTRAINT dv_notification_key UNIQUE (force_id, idempotency_key),
    CONSTRAINT dv_notification_reference UNIQUE (force_id, force_reference)
);

-- How each child was matched: the method and confidence are recorded, never a silent guess.
CREATE TABLE dv_child_match (
    notification_id VARCHAR(64)  NOT NULL,
    child_index     INT          NOT NULL,
    nhs_number      CHAR(10),
    match_method    VARCHAR(20)  NOT NULL,
    confidence      VARCHAR(10)  NOT NULL,
    plan_id         VARCHAR(64),
    local_authority VARCHAR(100),
    school_id       VARCHAR(100),
    under_five      BOOLEAN      NOT NULL,
    PRIMARY KEY (notification_id, child_index)
);
CREATE INDEX cp_plan_child ON cp_plan (family_name, birth_date);
