-- The change feed: every change that can alter a verification outcome (a key issued, revoked, rotated or
-- changed; a user disabled, enabled or deleted) adds a row in the same transaction as the change. Every node
-- reads the rows after the last id it saw and evicts what they name from its verification cache. Rows are
-- pruned after a retention period (latchkey.cache.feed-retention).
CREATE TABLE key_changes (
    id         BIGINT      NOT NULL AUTO_INCREMENT,
    key_id     CHAR(12)    NULL,
    user_id    CHAR(36)    NULL,
    changed_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_key_changes PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ix_key_changes_changed_at ON key_changes (changed_at);

-- A restarting node preloads its cache with the keys used most recently.
CREATE INDEX ix_api_keys_last_used ON api_keys (last_used_at);
