-- What some audit events say besides their code: where a leaked key was found (key.leaked).
ALTER TABLE audit_events ADD COLUMN detail VARCHAR(2000) NULL;
