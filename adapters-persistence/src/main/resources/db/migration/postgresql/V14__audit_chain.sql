-- The audit chain (docs/audit-chain.md): each event written from now on carries its link, chain_seq (1, 2, 3, ... in
-- the order the store wrote it) and chain_hash = SHA-256(previous hash || canonical form), as 64 hex digits. Events
-- written before this migration keep no link (chain_seq NULL); chained_after_id and chained_after_at say up to which
-- id and time they go (a row without a link beyond either was put in by hand). A sequence is never 0 or less.
ALTER TABLE audit_events ADD COLUMN chain_seq BIGINT NULL;
ALTER TABLE audit_events ADD COLUMN chain_hash CHAR(64) COLLATE "C" NULL;
CREATE UNIQUE INDEX ux_audit_events_chain ON audit_events (chain_seq);
ALTER TABLE audit_events ADD CONSTRAINT ck_audit_events_chain_seq CHECK (chain_seq IS NULL OR chain_seq > 0);

-- One row: the head, locked (SELECT ... FOR UPDATE) by every transaction that appends, which serialises the writers
-- of the chain; and what retention purged from the start of the chain (the last purged link, its hash and its event's
-- time: retention purges only links older than latchkey.audit.retention, so a later purged_at is a deletion).
CREATE TABLE audit_chain_head (
    id               INTEGER  NOT NULL,
    head_seq         BIGINT   NOT NULL,
    head_hash        CHAR(64) COLLATE "C" NOT NULL,
    purged_seq       BIGINT   NOT NULL,
    purged_hash      CHAR(64) COLLATE "C" NOT NULL,
    purged_at        TIMESTAMP(6) NULL,
    chained_after_id BIGINT   NOT NULL,
    chained_after_at TIMESTAMP(6) NOT NULL,
    CONSTRAINT pk_audit_chain_head PRIMARY KEY (id)
);

INSERT INTO audit_chain_head (id, head_seq, head_hash, purged_seq, purged_hash, chained_after_id, chained_after_at)
SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0, '0000000000000000000000000000000000000000000000000000000000000000', COALESCE(MAX(id), 0),
       COALESCE(MAX(occurred_at), TIMESTAMP '1970-01-01 00:00:00') FROM audit_events;

-- The lease of the signed checkpoint of the head (latchkey.audit.checkpoint-interval): one node takes it an interval.
INSERT INTO leases (name, holder, expires_at) VALUES ('audit-checkpoint', '', '1970-01-01 00:00:00');
