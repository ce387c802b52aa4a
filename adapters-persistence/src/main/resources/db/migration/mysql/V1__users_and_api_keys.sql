-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 (MODE=MySQL, the embedded default).
-- Binary collation: key ids are case-sensitive base62 and externalIds are compared exactly.

CREATE TABLE users (
    id          CHAR(36)     NOT NULL,
    name        VARCHAR(200) NOT NULL,
    email       VARCHAR(254) NULL,
    external_id VARCHAR(200) NULL,
    status      VARCHAR(16)  NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    updated_at  DATETIME(6)  NOT NULL,
    CONSTRAINT pk_users PRIMARY KEY (id),
    CONSTRAINT uq_users_external_id UNIQUE (external_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE api_keys (
    key_id       CHAR(12)      NOT NULL,
    user_id      CHAR(36)      NOT NULL,
    name         VARCHAR(200)  NOT NULL,
    prefix       VARCHAR(64)   NOT NULL,
    secret_hash  BINARY(32)    NOT NULL,
    scopes       VARCHAR(3300) NOT NULL,
    created_at   DATETIME(6)   NOT NULL,
    expires_at   DATETIME(6)   NULL,
    revoked_at   DATETIME(6)   NULL,
    last_used_at DATETIME(6)   NULL,
    CONSTRAINT pk_api_keys PRIMARY KEY (key_id),
    CONSTRAINT fk_api_keys_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ix_api_keys_owner ON api_keys (user_id, created_at, key_id);
