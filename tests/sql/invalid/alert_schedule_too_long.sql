CREATE ALERT a WAREHOUSE = wh SCHEDULE = '20000 MINUTE' IF (EXISTS (SELECT 1)) THEN SELECT 1;
-- near-miss: a MINUTE schedule is at most 11520 minutes [docs.snowflake.com/en/sql-reference/sql/create-alert]
-- twin: CREATE ALERT a WAREHOUSE = wh SCHEDULE = '11520 MINUTE' IF (EXISTS (SELECT 1)) THEN SELECT 1
