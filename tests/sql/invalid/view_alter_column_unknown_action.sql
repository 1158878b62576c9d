ALTER VIEW v ALTER COLUMN a SET DEFAULT 1;
-- near-miss: a view column takes policies, tags and a comment, not a DEFAULT [docs.snowflake.com/en/sql-reference/sql/alter-view]
-- twin: ALTER VIEW v ALTER COLUMN a COMMENT 'x'
