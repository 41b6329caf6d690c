-- The audit chain's newest link, in one row. Every append locks it (SELECT ... FOR UPDATE) before linking and moves it in
-- the same commit, so appends from several gateway nodes take turns and the chain stays one line. (Each node linking to
-- the tail it last saw and retrying when another node took the sequence number first ran out of retries under load.)
CREATE TABLE audit_chain_tail (
    id   INT      NOT NULL PRIMARY KEY,
    seq  BIGINT   NOT NULL,
    hash CHAR(64) NOT NULL,
    CONSTRAINT audit_chain_tail_one_row CHECK (id = 1)
);
INSERT INTO audit_chain_tail (id, seq, hash)
SELECT 1, COALESCE(MAX(seq), 0),
       COALESCE((SELECT hash FROM audit_record ORDER BY seq DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000')
FROM audit_record;
