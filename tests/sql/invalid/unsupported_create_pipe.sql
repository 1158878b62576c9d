-- near-miss: snowtenant does not check pipes yet (SQL010, lint --allow-unsupported) [docs.snowflake.com/en/sql-reference/sql/create-pipe]
-- twin: CREATE TASK t WAREHOUSE = wh SCHEDULE = '5 MINUTE' AS CALL p()
CREATE PIPE p AS COPY INTO t FROM @st;
