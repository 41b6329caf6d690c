-- A sibling link lives only as long as its plan: the database drops it with the plan, on every path
-- that deletes one (a delete, the retention purge). Links left by deletes before this rule go first.
DELETE FROM plan_sibling WHERE plan_id NOT IN (SELECT plan_id FROM cp_plan);
ALTER TABLE plan_sibling ADD CONSTRAINT plan_sibling_plan_exists
    FOREIGN KEY (plan_id) REFERENCES cp_plan (plan_id) ON DELETE CASCADE;
