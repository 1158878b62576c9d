ALTER INTEGRATION i SET ENABLE = FALSE;
-- near-miss: no integration has ENABLE; the property is ENABLED [docs.snowflake.com/en/sql-reference/sql/alter-integration]
-- twin: ALTER INTEGRATION i SET ENABLED = FALSE
