-- How a key came to be: the key it replaced by rotation (NULL: issued), whether that key rotated itself
-- (POST /v1/me/rotate: a leak report of the old key revokes the new one too), and the key whose usage quota and
-- rate-limit bucket it shares (NULL: its own): the first key of its line of rotations. The quota of a line is held by
-- its newest key (rotated_to NULL), found through the index.
ALTER TABLE api_keys ADD COLUMN rotated_from CHAR(12) COLLATE "C" NULL;
ALTER TABLE api_keys ADD COLUMN self_rotated BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE api_keys ADD COLUMN limits_key_id CHAR(12) COLLATE "C" NULL;
CREATE INDEX ix_api_keys_limits_key ON api_keys (limits_key_id);
