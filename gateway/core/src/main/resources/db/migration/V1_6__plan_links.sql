-- Transfers between authorities: the new plan remembers the one it continues; the old one ends.
CREATE TABLE plan_transfer (
    plan_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    from_plan_id   VARCHAR(64)  NOT NULL,
    from_authority VARCHAR(100) NOT NULL,
    to_authority   VARCHAR(100) NOT NULL,
    transferred_on DATE         NOT NULL,
    transferred_by VARCHAR(300) NOT NULL
);

-- Sibling groups, kept by the authority: the plans of brothers and sisters, so that news about one
-- child reaches the authority with the others named.
CREATE TABLE plan_sibling (
    group_id VARCHAR(64) NOT NULL,
    plan_id  VARCHAR(64) NOT NULL,
    PRIMARY KEY (group_id, plan_id)
);
CREATE INDEX plan_sibling_plan ON plan_sibling (plan_id);
