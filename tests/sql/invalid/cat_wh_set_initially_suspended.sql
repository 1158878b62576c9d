-- near-miss: INITIALLY_SUSPENDED is not applicable when altering [docs.snowflake.com/en/sql-reference/sql/alter-warehouse]
-- twin: CREATE WAREHOUSE wh INITIALLY_SUSPENDED = TRUE
ALTER WAREHOUSE wh SET INITIALLY_SUSPENDED = TRUE;
