CREATE OR ALTER ROLE r COMMENT = 'x' WITH TAG (cost_center = 'sales');
-- near-miss: CREATE OR ALTER ROLE takes COMMENT only, not TAG [docs.snowflake.com/en/sql-reference/sql/create-role]
-- twin: CREATE OR ALTER ROLE r COMMENT = 'x'
