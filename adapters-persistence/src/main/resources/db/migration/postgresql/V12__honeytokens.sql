-- Honeytokens (docs/honeytokens.md): keys that never authenticate and alert when presented. honeytoken marks them;
-- honeytoken_presentations is how often one was presented with its secret, added to behind the request path.
-- honeytoken_presentations (the table) counts the presentations per key, client address ('' when not known) and
-- minute: the node whose insert creates a row writes the alert (audit event and webhook) in the same transaction, so
-- that a key alerts at most once per address and minute across nodes; later presentations only add to the count.
ALTER TABLE api_keys ADD COLUMN honeytoken BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE api_keys ADD COLUMN honeytoken_presentations BIGINT NOT NULL DEFAULT 0;

CREATE TABLE honeytoken_presentations (
    key_id        CHAR(12)     COLLATE "C" NOT NULL,
    minute_start  TIMESTAMP(0) NOT NULL,
    client_ip     VARCHAR(64)  COLLATE "C" NOT NULL,
    presentations BIGINT       NOT NULL,
    first_at      TIMESTAMP(6) NOT NULL,
    last_at       TIMESTAMP(6) NOT NULL,
    CONSTRAINT pk_honeytoken_presentations PRIMARY KEY (key_id, minute_start, client_ip)
);
