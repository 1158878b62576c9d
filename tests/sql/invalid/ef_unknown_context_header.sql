CREATE EXTERNAL FUNCTION f(a VARCHAR) RETURNS VARIANT API_INTEGRATION = i
  CONTEXT_HEADERS = (CURRENT_TENANT) AS 'https://x/y';
-- near-miss: CONTEXT_HEADERS take context functions [docs.snowflake.com/en/sql-reference/sql/create-external-function]
-- twin: CREATE EXTERNAL FUNCTION f(a VARCHAR) RETURNS VARIANT API_INTEGRATION = i CONTEXT_HEADERS = (CURRENT_ROLE) AS 'https://x/y'
