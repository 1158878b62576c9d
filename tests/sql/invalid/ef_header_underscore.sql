CREATE EXTERNAL FUNCTION f(a VARCHAR) RETURNS VARIANT API_INTEGRATION = i
  HEADERS = ('tenant_id' = 'acme') AS 'https://x/y';
-- near-miss: a header name cannot contain '_' [docs.snowflake.com/en/sql-reference/sql/create-external-function]
-- twin: CREATE EXTERNAL FUNCTION f(a VARCHAR) RETURNS VARIANT API_INTEGRATION = i HEADERS = ('tenant-id' = 'acme') AS 'https://x/y'
