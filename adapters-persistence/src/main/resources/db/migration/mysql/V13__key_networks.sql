-- New-network alerts (key.new_network): the client networks (IPv4 /24, IPv6 /48) each key was used from, with when it
-- was first and last used from each, so that a network not used within latchkey.alerts.network-memory is new again.
-- Two rows of a key are marks, not networks: network '' says the key has been used (its first network is remembered
-- without an alert; never purged) and '*' that it reached latchkey.alerts.max-networks-per-key (said once; purged as a
-- network is). A claim locks the key's api_keys row, so nodes decide one at a time who alerts. Rows past the memory are
-- purged through the index on last_seen.
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 (MODE=MySQL, the embedded default).
CREATE TABLE key_networks (
    key_id     CHAR(12)    NOT NULL,
    network    VARCHAR(49) NOT NULL,
    first_seen DATETIME(6) NOT NULL,
    last_seen  DATETIME(6) NOT NULL,
    CONSTRAINT pk_key_networks PRIMARY KEY (key_id, network)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ix_key_networks_last_seen ON key_networks (last_seen);

-- Whether the key alerts when used from a new network ("alerts": {"newNetwork": false} turns it off).
ALTER TABLE api_keys ADD COLUMN alert_new_network BOOLEAN NOT NULL DEFAULT TRUE;
