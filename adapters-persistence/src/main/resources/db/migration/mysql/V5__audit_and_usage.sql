-- The audit trail. Changes are written in the transaction of the change; verifications in batches. Newest first
-- by (occurred_at, id); each filter of GET /v1/audit-events is a range scan of one of these indexes. Old rows are
-- purged in small batches (latchkey.audit.retention) through ix_audit_events_time.
CREATE TABLE audit_events (
    id           BIGINT      NOT NULL AUTO_INCREMENT,
    occurred_at  DATETIME(6) NOT NULL,
    type         VARCHAR(32) NOT NULL,
    success      BOOLEAN     NOT NULL,
    code         VARCHAR(32) NULL,
    key_id       CHAR(12)    NULL,
    user_id      CHAR(36)    NULL,
    actor_key_id CHAR(12)    NULL,
    client_ip    VARCHAR(64) NULL,
    request_id   VARCHAR(64) NULL,
    CONSTRAINT pk_audit_events PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ix_audit_events_time ON audit_events (occurred_at, id);
CREATE INDEX ix_audit_events_key ON audit_events (key_id, occurred_at, id);
CREATE INDEX ix_audit_events_user ON audit_events (user_id, occurred_at, id);
CREATE INDEX ix_audit_events_type ON audit_events (type, occurred_at, id);

-- Usage per key and bucket: granularity 'm' (minute), 'h' (hour), 'd' (day); counts are added to, never
-- overwritten (INSERT ... ON DUPLICATE KEY UPDATE), so that any number of nodes can flush into the same bucket.
CREATE TABLE key_usage (
    key_id         CHAR(12) NOT NULL,
    granularity    CHAR(1)  NOT NULL,
    bucket_start   DATETIME NOT NULL,
    valid_count    BIGINT   NOT NULL,
    rejected_count BIGINT   NOT NULL,
    CONSTRAINT pk_key_usage PRIMARY KEY (key_id, granularity, bucket_start)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ix_key_usage_retention ON key_usage (granularity, bucket_start);
