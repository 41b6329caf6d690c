-- An agency's NHS MESH mailbox and the workflow its copies go under (issue 16); gp_connect: a GP practice whose system
-- takes GP Connect Send Document (no CMS: MESH's transport protection only), an explicit setting, off by default.
ALTER TABLE agency ADD COLUMN mesh_mailbox VARCHAR(20);
ALTER TABLE agency ADD COLUMN mesh_workflow VARCHAR(100);
ALTER TABLE agency ADD COLUMN gp_connect BOOLEAN DEFAULT FALSE NOT NULL;
