-- near-miss: a finalizer task (FINALIZE) has no predecessors [docs.snowflake.com/en/sql-reference/sql/create-task]
-- twin: CREATE TASK fin WAREHOUSE = mywh FINALIZE = root_t AS CALL cleanup()
CREATE TASK fin WAREHOUSE = mywh FINALIZE = root_t AFTER child_t AS CALL cleanup();
