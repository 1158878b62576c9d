-- near-miss: SCHEDUEL is a typo of SCHEDULE, a property CREATE TASK does not have [docs.snowflake.com/en/sql-reference/sql/create-task]
-- twin: CREATE TASK t WAREHOUSE = mywh SCHEDULE = '5 MINUTE' AS SELECT 1
CREATE TASK t WAREHOUSE = mywh SCHEDUEL = '5 MINUTE' AS SELECT 1;
