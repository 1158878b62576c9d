CREATE EXTERNAL FUNCTION f(a VARCHAR) RETURNS VARIANT AS 'https://x/y';
-- near-miss: API_INTEGRATION is required [docs.snowflake.com/en/sql-reference/sql/create-external-function]
-- twin: CREATE EXTERNAL FUNCTION f(a VARCHAR) RETURNS VARIANT API_INTEGRATION = i AS 'https://x/y'
