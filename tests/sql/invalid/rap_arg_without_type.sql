CREATE ROW ACCESS POLICY rap AS (TENANT) RETURNS BOOLEAN -> TRUE;
-- near-miss: each argument has a type [docs.snowflake.com/en/sql-reference/sql/create-row-access-policy]
-- twin: CREATE ROW ACCESS POLICY rap AS (TENANT VARCHAR) RETURNS BOOLEAN -> TRUE
