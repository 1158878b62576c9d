-- near-miss: OR REPLACE and IF NOT EXISTS are mutually exclusive [docs.snowflake.com/en/sql-reference/sql/create-table]
-- twin: CREATE TABLE IF NOT EXISTS t (a INT)
CREATE OR REPLACE TABLE IF NOT EXISTS t (a INT);
