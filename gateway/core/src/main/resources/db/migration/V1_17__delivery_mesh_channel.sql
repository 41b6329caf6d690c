-- A copy's MESH channel (issue 16). mesh_format: how it goes to the recipient's MESH mailbox ('cms': the envelope;
-- an adapter's format, e.g. 'gp-connect', under MESH's transport protection only); null: no MESH for this copy.
-- mesh_payload: for an adapter's format, the copy's content sealed to the gateway itself until it is sent (the gateway
-- keeps no plaintext); mesh_message_id: MESH's id once sent, which a non-delivery report names.
ALTER TABLE delivery ADD COLUMN mesh_format VARCHAR(40);
ALTER TABLE delivery ADD COLUMN mesh_payload BYTEA;
ALTER TABLE delivery ADD COLUMN mesh_message_id VARCHAR(100);
ALTER TABLE delivery ADD COLUMN mesh_sent_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX delivery_mesh_message ON delivery (mesh_message_id);
