CREATE ROW ACCESS POLICY ANALYTICS.PLATFORM.TENANT_RAP AS (TENANT VARCHAR)
  RETURNS VARCHAR -> 'x';
-- near-miss: a row access policy returns BOOLEAN [docs.snowflake.com/en/sql-reference/sql/create-row-access-policy]
-- twin: CREATE ROW ACCESS POLICY ANALYTICS.PLATFORM.TENANT_RAP AS (TENANT VARCHAR) RETURNS BOOLEAN -> TRUE
