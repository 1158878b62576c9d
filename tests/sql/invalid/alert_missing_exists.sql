CREATE ALERT a WAREHOUSE = wh SCHEDULE = '5 MINUTE' IF (SELECT 1) THEN SELECT 1;
-- near-miss: the condition is IF (EXISTS (...)) [docs.snowflake.com/en/sql-reference/sql/create-alert]
-- twin: CREATE ALERT a WAREHOUSE = wh SCHEDULE = '5 MINUTE' IF (EXISTS (SELECT 1)) THEN SELECT 1
