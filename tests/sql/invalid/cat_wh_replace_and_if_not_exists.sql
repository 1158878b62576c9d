-- near-miss: OR REPLACE and IF NOT EXISTS are mutually exclusive [docs.snowflake.com/en/sql-reference/sql/create-warehouse]
-- twin: CREATE OR REPLACE WAREHOUSE wh
CREATE OR REPLACE WAREHOUSE IF NOT EXISTS wh;
