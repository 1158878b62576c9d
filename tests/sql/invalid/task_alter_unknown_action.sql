-- near-miss: ALTER TASK resumes with RESUME, there is no START [docs.snowflake.com/en/sql-reference/sql/alter-task]
-- twin: ALTER TASK t RESUME
ALTER TASK t START;
