-- Signed statements "the trail up to record seq ends in record_hash", made every N records or minutes.
-- Never updated. A checkpoint lets a verifier find a rewritten chain, a removed tail, and (after the
-- retention purge) anchors the oldest record kept.
CREATE TABLE audit_checkpoint (
    seq              BIGINT        NOT NULL PRIMARY KEY,
    record_hash      CHAR(64)      NOT NULL,
    signed_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    -- base64 of the DER CMS SignedData (gateway signing key, certificate included) over the statement
    signature        VARCHAR(16000) NOT NULL,
    -- base64 of the DER RFC 3161 time-stamp token over the signature, when a TSA is configured
    time_stamp_token VARCHAR(32000)
);
