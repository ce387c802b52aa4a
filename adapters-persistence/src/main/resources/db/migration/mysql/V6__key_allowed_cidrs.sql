-- The client addresses a key may be used from: its allowed blocks in canonical text, space-separated (at most 32
-- blocks of at most 49 characters); NULL: from any address.
ALTER TABLE api_keys ADD COLUMN allowed_cidrs VARCHAR(1600) NULL;
