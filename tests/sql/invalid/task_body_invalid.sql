-- near-miss: the body after AS is a statement, checked like any other (SELEC is not one) [docs.snowflake.com/en/sql-reference/sql/create-task]
-- twin: CREATE TASK t WAREHOUSE = mywh AS SELECT 1
CREATE TASK t WAREHOUSE = mywh AS SELEC 1;
