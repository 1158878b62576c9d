CREATE ROW ACCESS POLICY rap AS (TENANT VARCHAR) RETURNS BOOLEAN IS_ROLE_IN_SESSION('A');
-- near-miss: the body follows -> [docs.snowflake.com/en/sql-reference/sql/create-row-access-policy]
-- twin: CREATE ROW ACCESS POLICY rap AS (TENANT VARCHAR) RETURNS BOOLEAN -> IS_ROLE_IN_SESSION('A')
