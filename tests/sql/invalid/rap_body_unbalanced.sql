CREATE ROW ACCESS POLICY rap AS (TENANT VARCHAR) RETURNS BOOLEAN ->
  EXISTS (SELECT 1 FROM map WHERE map.t = TENANT;
-- near-miss: parentheses balance [docs.snowflake.com/en/sql-reference/sql/create-row-access-policy]
-- twin: CREATE ROW ACCESS POLICY rap AS (TENANT VARCHAR) RETURNS BOOLEAN -> EXISTS (SELECT 1 FROM map WHERE map.t = TENANT)
