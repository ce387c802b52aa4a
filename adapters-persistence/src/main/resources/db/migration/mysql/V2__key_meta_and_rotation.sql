-- The owner's metadata on a key (a JSON object, at most 4 KiB, kept as text) and the key that replaced it.
ALTER TABLE api_keys ADD COLUMN meta TEXT NULL;
ALTER TABLE api_keys ADD COLUMN rotated_to CHAR(12) NULL;
