-- Webhooks: the endpoints, the outbox of events (written in the transaction of the change each tells about), one
-- delivery per event and endpoint with its attempts, the notices of the lifecycle scheduler, and the lease that lets
-- one node at a time run the worker and the scheduler.
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 (MODE=MySQL, the embedded default).

-- secret: sealed (AES-GCM under a key derived from the pepper), never the secret itself
CREATE TABLE webhook_endpoints (
    id         CHAR(36)      NOT NULL,
    url        VARCHAR(2000) NOT NULL,
    events     VARCHAR(400)  NOT NULL,
    secret     VARCHAR(200)  NOT NULL,
    created_at DATETIME(6)   NOT NULL,
    CONSTRAINT pk_webhook_endpoints PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE webhook_events (
    id          BIGINT      NOT NULL AUTO_INCREMENT,
    event_id    VARCHAR(64) NOT NULL,
    type        VARCHAR(32) NOT NULL,
    occurred_at DATETIME(6) NOT NULL,
    key_id      CHAR(12)    NULL,
    user_id     CHAR(36)    NULL,
    body        TEXT        NOT NULL,
    dispatched  BOOLEAN     NOT NULL,
    CONSTRAINT pk_webhook_events PRIMARY KEY (id),
    CONSTRAINT uq_webhook_events_event UNIQUE (event_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ix_webhook_events_undispatched ON webhook_events (dispatched, id);

CREATE TABLE webhook_deliveries (
    id                   BIGINT      NOT NULL AUTO_INCREMENT,
    endpoint_id          CHAR(36)    NOT NULL,
    event_id             VARCHAR(64) NOT NULL,
    event_type           VARCHAR(32) NOT NULL,
    created_at           DATETIME(6) NOT NULL,
    status               VARCHAR(16) NOT NULL,
    attempts             INT         NOT NULL,
    last_attempt_at      DATETIME(6) NULL,
    last_response_status INT         NULL,
    next_attempt_at      DATETIME(6) NULL,
    CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id),
    CONSTRAINT uq_webhook_deliveries UNIQUE (endpoint_id, event_id),
    CONSTRAINT fk_webhook_deliveries_endpoint FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoints (id)
        ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX ix_webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);

-- What receivers were told about a key once (key.expiring per lead time, key.expired, key.usage_low), so that the
-- scheduler tells each once: for the expiry noticed (a changed expiry is told about again) or until a top-up.
CREATE TABLE key_notices (
    key_id     CHAR(12)    NOT NULL,
    kind       VARCHAR(32) NOT NULL,
    expires_at DATETIME(6) NULL,
    noticed_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_key_notices PRIMARY KEY (key_id, kind)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The expiry scan reads this index; the uses-left scan reads the table: an index on remaining would be written by
-- every use of a key with a quota, and concurrent uses of one key then deadlock on it.
CREATE INDEX ix_api_keys_expiry ON api_keys (expires_at);

CREATE TABLE leases (
    name       VARCHAR(64) NOT NULL,
    holder     VARCHAR(64) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_leases PRIMARY KEY (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO leases (name, holder, expires_at) VALUES ('scheduler', '', '1970-01-01 00:00:00');
