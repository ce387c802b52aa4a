-- PostgreSQL's version of mysql/V1: the same tables, columns, constraints and indexes.
-- COLLATE "C" compares and orders bytes, as utf8mb4_bin does on MySQL: key ids are case-sensitive base62 and
-- externalIds are compared exactly. Text is UTF-8: a database in another encoding is refused here.

DO $$
BEGIN
    IF current_setting('server_encoding') <> 'UTF8' THEN
        RAISE EXCEPTION 'Latchkey needs a UTF8 database; this one is %: CREATE DATABASE ... ENCODING ''UTF8''',
            current_setting('server_encoding');
    END IF;
END
$$;

CREATE TABLE users (
    id          CHAR(36)     COLLATE "C" NOT NULL,
    name        VARCHAR(200) COLLATE "C" NOT NULL,
    email       VARCHAR(254) COLLATE "C" NULL,
    external_id VARCHAR(200) COLLATE "C" NULL,
    status      VARCHAR(16)  COLLATE "C" NOT NULL,
    created_at  TIMESTAMP(6) NOT NULL,
    updated_at  TIMESTAMP(6) NOT NULL,
    CONSTRAINT pk_users PRIMARY KEY (id),
    CONSTRAINT uq_users_external_id UNIQUE (external_id)
);

CREATE TABLE api_keys (
    key_id       CHAR(12)      COLLATE "C" NOT NULL,
    user_id      CHAR(36)      COLLATE "C" NOT NULL,
    name         VARCHAR(200)  COLLATE "C" NOT NULL,
    prefix       VARCHAR(64)   COLLATE "C" NOT NULL,
    secret_hash  BYTEA         NOT NULL,
    scopes       VARCHAR(3300) COLLATE "C" NOT NULL,
    created_at   TIMESTAMP(6)  NOT NULL,
    expires_at   TIMESTAMP(6)  NULL,
    revoked_at   TIMESTAMP(6)  NULL,
    last_used_at TIMESTAMP(6)  NULL,
    CONSTRAINT pk_api_keys PRIMARY KEY (key_id),
    CONSTRAINT fk_api_keys_user FOREIGN KEY (user_id) REFERENCES users (id),
    -- BINARY(32) on MySQL
    CONSTRAINT ck_api_keys_secret_hash CHECK (octet_length(secret_hash) = 32)
);

CREATE INDEX ix_api_keys_owner ON api_keys (user_id, created_at, key_id);
