-- A key's limits: a rate limit (uses per period) and a usage quota (uses left; NULL: unlimited).
-- One statement a column: runs on MySQL 8, MariaDB 10.11 and the embedded H2 alike.
ALTER TABLE api_keys ADD COLUMN rate_limit INT NULL;
ALTER TABLE api_keys ADD COLUMN rate_period_seconds INT NULL;
ALTER TABLE api_keys ADD COLUMN remaining BIGINT NULL;
