-- The chain of the verification summaries (docs/audit-chain.md): one link per sealed minute, and an "amended" link each
-- time a flush adds to a minute already sealed; link_hash = SHA-256(previous link's hash || canonical form of the link),
-- digest = SHA-256 over the canonical form of the minute's rows when the link was written; sealed_before, the sealing
-- point once the link was written (in its canonical form: never going back, an amended minute within 5 minutes of it).
CREATE TABLE verification_summary_links (
    link_seq      BIGINT   NOT NULL,
    minute_start  TIMESTAMP(0) NOT NULL,
    amended       BOOLEAN  NOT NULL,
    sealed_before TIMESTAMP(0) NOT NULL,
    summary_rows  BIGINT   NOT NULL,
    verifications BIGINT   NOT NULL,
    digest        CHAR(64) COLLATE "C" NOT NULL,
    link_hash     CHAR(64) COLLATE "C" NOT NULL,
    CONSTRAINT pk_verification_summary_links PRIMARY KEY (link_seq)
);

CREATE INDEX ix_verification_summary_links_minute ON verification_summary_links (minute_start, link_seq);

-- One row: the head, locked (SELECT ... FOR UPDATE) by whoever appends a link (the sealing step, and every flush of
-- summaries, which may amend a sealed minute); what retention purged (the last purged link, and the cut-off: rows of
-- older minutes are being purged and not checked); chained_from, the first minute chained (older minutes were
-- summarised before this migration and carry no link); sealed_before, the first minute not sealed yet.
CREATE TABLE verification_summary_chain (
    id             INTEGER  NOT NULL,
    head_seq       BIGINT   NOT NULL,
    head_hash      CHAR(64) COLLATE "C" NOT NULL,
    purged_seq     BIGINT   NOT NULL,
    purged_hash    CHAR(64) COLLATE "C" NOT NULL,
    purged_before  TIMESTAMP(0) NOT NULL,
    chained_from   TIMESTAMP(0) NOT NULL,
    sealed_before  TIMESTAMP(0) NOT NULL,
    CONSTRAINT pk_verification_summary_chain PRIMARY KEY (id)
);

INSERT INTO verification_summary_chain (id, head_seq, head_hash, purged_seq, purged_hash, purged_before, chained_from,
                                        sealed_before)
SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0,
       '0000000000000000000000000000000000000000000000000000000000000000', '1970-01-01 00:00:00',
       COALESCE(MAX(minute_start), '1970-01-01 00:00:00'), COALESCE(MAX(minute_start), '1970-01-01 00:00:00')
FROM verification_summaries;
