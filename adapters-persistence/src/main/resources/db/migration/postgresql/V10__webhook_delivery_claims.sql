-- A delivery being posted is claimed by its node until claimed_until (longer than one delivery's deadline), so that
-- two nodes never post it at once and one that died mid-post lets it go when the claim runs out; last_error says why
-- the last attempt got no answer (e.g. the target was refused by the network rules, or timed out).

ALTER TABLE webhook_deliveries ADD COLUMN claimed_until TIMESTAMP(6) NULL;
ALTER TABLE webhook_deliveries ADD COLUMN last_error VARCHAR(200) COLLATE "C" NULL;
