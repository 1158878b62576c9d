-- near-miss: an interval SCHEDULE is in SECONDS, MINUTES or HOURS, not DAYS [docs.snowflake.com/en/sql-reference/sql/create-task]
-- twin: CREATE TASK t WAREHOUSE = mywh SCHEDULE = '24 HOURS' AS SELECT 1
CREATE TASK t WAREHOUSE = mywh SCHEDULE = '1 DAY' AS SELECT 1;
