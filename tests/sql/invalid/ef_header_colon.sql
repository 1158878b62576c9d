CREATE EXTERNAL FUNCTION f(a VARCHAR) RETURNS VARIANT API_INTEGRATION = i
  HEADERS = ('x:y' = 'acme') AS 'https://x/y';
-- near-miss: a header name cannot contain ':' [docs.snowflake.com/en/sql-reference/sql/create-external-function]
-- twin: CREATE EXTERNAL FUNCTION f(a VARCHAR) RETURNS VARIANT API_INTEGRATION = i HEADERS = ('x-y' = 'acme') AS 'https://x/y'
