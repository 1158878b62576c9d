CREATE ROW ACCESS POLICY rap (TENANT VARCHAR) RETURNS BOOLEAN -> TRUE;
-- near-miss: the signature follows AS [docs.snowflake.com/en/sql-reference/sql/create-row-access-policy]
-- twin: CREATE ROW ACCESS POLICY rap AS (TENANT VARCHAR) RETURNS BOOLEAN -> TRUE
