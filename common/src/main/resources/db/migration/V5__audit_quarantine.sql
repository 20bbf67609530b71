-- The audit quarantine: besides records of tg.audit that are not audit events, audit_log_rejected now keeps the events
-- PostgreSQL refused for their values (a NUL in a text or JSON value, a time out of range), so that one bad event no
-- longer stops every audit write after it. payload stays the record's bytes as received; error is PostgreSQL's message.
-- sqlstate is PostgreSQL's error code (NULL for a record that is not an event); event_id the refused event's id, to
-- find it in audit_log once it has been fixed and written there (docs/operations.md, "Audit quarantine").
ALTER TABLE audit_log_rejected ADD COLUMN sqlstate TEXT;
ALTER TABLE audit_log_rejected ADD COLUMN event_id UUID;

CREATE INDEX audit_log_rejected_recorded_at ON audit_log_rejected (recorded_at);
