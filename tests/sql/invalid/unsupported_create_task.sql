-- near-miss: snowtenant does not check tasks yet (SQL010, lint --allow-unsupported) [docs.snowflake.com/en/sql-reference/sql/create-task]
-- twin: CREATE ALERT a WAREHOUSE = wh SCHEDULE = '5 MINUTE' IF (EXISTS (SELECT 1)) THEN CALL p()
CREATE TASK t WAREHOUSE = wh SCHEDULE = '5 MINUTE' AS CALL p();
