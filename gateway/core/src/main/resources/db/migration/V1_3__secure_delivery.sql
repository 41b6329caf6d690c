-- Agencies' certificates (recipients of encrypted copies) and optional push endpoints.
ALTER TABLE agency ADD COLUMN certificate_pem TEXT;
ALTER TABLE agency ADD COLUMN push_url VARCHAR(500);

-- Documents social care sends; the file itself is kept only as per-recipient envelopes.
CREATE TABLE document (
    id                      VARCHAR(64)  NOT NULL PRIMARY KEY,
    kind                    VARCHAR(40)  NOT NULL,
    plan_id                 VARCHAR(64)  NOT NULL,
    nhs_number              CHAR(10)     NOT NULL,
    title                   VARCHAR(200) NOT NULL,
    file_name               VARCHAR(120) NOT NULL,
    content_type            VARCHAR(100) NOT NULL,
    size_bytes              BIGINT       NOT NULL,
    sha256                  CHAR(64)     NOT NULL,
    local_authority         VARCHAR(100) NOT NULL,
    uploaded_by             VARCHAR(300) NOT NULL,
    uploaded_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    acknowledge_within_days INT          NOT NULL
);

-- One signed, encrypted copy per recipient (CMS SignedData inside EnvelopedData, DER).
CREATE TABLE delivery (
    id              VARCHAR(64)   NOT NULL PRIMARY KEY,
    message_type    VARCHAR(40)   NOT NULL,
    reference       VARCHAR(64)   NOT NULL,
    sender          VARCHAR(100)  NOT NULL,
    recipient       VARCHAR(100)  NOT NULL,
    nhs_number      CHAR(10),
    summary         VARCHAR(1000) NOT NULL,
    status          VARCHAR(20)   NOT NULL,
    queued_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at    TIMESTAMP WITH TIME ZONE,
    acknowledged_at TIMESTAMP WITH TIME ZONE,
    due_at          TIMESTAMP WITH TIME ZONE,
    escalated_at    TIMESTAMP WITH TIME ZONE,
    push_attempts   INT           NOT NULL DEFAULT 0,
    pushed_at       TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(1000),
    envelope        BYTEA         NOT NULL
);
CREATE INDEX delivery_reference ON delivery (reference);
CREATE INDEX delivery_status ON delivery (status, queued_at);
CREATE INDEX delivery_due ON delivery (due_at);
