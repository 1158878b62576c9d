-- near-miss: the body's ALTER WAREHOUSE is checked against the catalog too; AUTO_SUSPENDED is not a warehouse property [docs.snowflake.com/en/sql-reference/sql/alter-warehouse]
-- twin: CREATE TASK t WAREHOUSE = mywh AS ALTER WAREHOUSE wh SET AUTO_SUSPEND = 60
CREATE TASK t WAREHOUSE = mywh AS ALTER WAREHOUSE wh SET AUTO_SUSPENDED = 60;
