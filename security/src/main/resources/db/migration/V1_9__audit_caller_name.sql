-- The caller's name as their token gave it, for "who looked" in a clinician's system (CP-IS's PractitionerRole).
-- Null in older records and for the gateway's own events; the hash covers it only when present.
ALTER TABLE audit_record ADD COLUMN caller_name VARCHAR(300);
