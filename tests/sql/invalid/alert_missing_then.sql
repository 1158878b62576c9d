CREATE ALERT a SCHEDULE = '5 MINUTE' IF (EXISTS (SELECT 1)) CALL p();
-- near-miss: the action follows THEN [docs.snowflake.com/en/sql-reference/sql/create-alert]
-- twin: CREATE ALERT a SCHEDULE = '5 MINUTE' IF (EXISTS (SELECT 1)) THEN CALL p()
