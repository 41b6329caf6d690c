-- Partners' referrals to a local authority's front door (issue 17). The payload (the concerns in full) is kept only until
-- the referral is routed; after that only the authority's envelope holds it. What the front door's queue and the referrer's
-- list show stays: the child as named, the plan and siblings found, the decision and the feedback the referrer was sent.
CREATE TABLE referral (
    id               VARCHAR(64)   NOT NULL PRIMARY KEY,
    referrer_org     VARCHAR(100)  NOT NULL,
    referrer_type    VARCHAR(40)   NOT NULL,
    idempotency_key  VARCHAR(200)  NOT NULL,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    urgency          VARCHAR(20)   NOT NULL,
    local_authority  VARCHAR(100)  NOT NULL,
    nhs_number       CHAR(10),
    child_summary    VARCHAR(300)  NOT NULL,
    plan_id          VARCHAR(64),
    siblings         VARCHAR(1000),
    decision_due     TIMESTAMP WITH TIME ZONE NOT NULL,
    routed_at        TIMESTAMP WITH TIME ZONE,
    decision         VARCHAR(40),
    feedback         VARCHAR(4000),
    decided_by       VARCHAR(300),
    decided_at       TIMESTAMP WITH TIME ZONE,
    escalated_at     TIMESTAMP WITH TIME ZONE,
    payload          TEXT,
    CONSTRAINT referral_key UNIQUE (referrer_org, idempotency_key)
);
-- the front door's queue, oldest due first; the overdue timer's undecided ones
CREATE INDEX referral_queue ON referral (local_authority, decision_due);
CREATE INDEX referral_undecided ON referral (decision_due, decided_at, escalated_at);
-- the referrer's own list, newest first; re-referrals of one child within a year
CREATE INDEX referral_referrer ON referral (referrer_org, received_at DESC);
CREATE INDEX referral_child ON referral (nhs_number, received_at);
