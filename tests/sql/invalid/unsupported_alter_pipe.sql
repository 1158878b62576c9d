-- near-miss: snowtenant does not check pipes yet [docs.snowflake.com/en/sql-reference/sql/alter-pipe]
-- twin: ALTER ALERT a RESUME
ALTER PIPE p REFRESH;
