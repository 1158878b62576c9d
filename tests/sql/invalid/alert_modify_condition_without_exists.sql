-- near-miss: MODIFY CONDITION takes EXISTS (query) [docs.snowflake.com/en/sql-reference/sql/alter-alert]
-- twin: ALTER ALERT a MODIFY CONDITION EXISTS (SELECT 1)
ALTER ALERT a MODIFY CONDITION (SELECT 1);
