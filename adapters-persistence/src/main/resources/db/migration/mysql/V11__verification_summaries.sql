-- Verifications as summaries: one row per key (key_id '' for keys that did not parse, and for the overflow), client
-- address (client_ip '' when not known, 'overflow' for what did not fit in a minute's budget of summaries), outcome
-- (VALID or the rejection's code) and minute, with how many verifications and the first and last one's time. Nodes
-- add to a row (INSERT ... ON DUPLICATE KEY UPDATE), so that the counts of every node add up. Listed newest first by
-- (minute_start, id) with the audit trail; purged with it (latchkey.audit.retention). Kept small, since a flood of
-- unknown keys from many addresses writes up to latchkey.audit.max-summaries-per-minute rows a minute and node: three
-- B-trees, the rows by id (inserted in order), the unique key, which starts with key_id so that it also serves the
-- listing filtered by key, and (minute_start, id) for the listing by time and the purge.
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 (MODE=MySQL, the embedded default).
CREATE TABLE verification_summaries (
    id            BIGINT      NOT NULL AUTO_INCREMENT,
    minute_start  DATETIME    NOT NULL,
    key_id        VARCHAR(12) NOT NULL,
    client_ip     VARCHAR(64) NOT NULL,
    outcome       VARCHAR(32) NOT NULL,
    user_id       CHAR(36)    NULL,
    verifications BIGINT      NOT NULL,
    first_at      DATETIME(6) NOT NULL,
    last_at       DATETIME(6) NOT NULL,
    CONSTRAINT pk_verification_summaries PRIMARY KEY (id),
    CONSTRAINT uq_verification_summaries UNIQUE (key_id, minute_start, client_ip, outcome)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ix_verification_summaries_time ON verification_summaries (minute_start, id);
