-- near-miss: a child task (AFTER predecessors) cannot have a SCHEDULE of its own [docs.snowflake.com/en/sql-reference/sql/create-task]
-- twin: CREATE TASK child_t WAREHOUSE = mywh AFTER root_t AS CALL p()
CREATE TASK child_t WAREHOUSE = mywh SCHEDULE = '5 MINUTE' AFTER root_t AS CALL p();
