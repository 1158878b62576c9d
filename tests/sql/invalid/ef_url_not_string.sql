-- near-miss: the URL is a string [docs.snowflake.com/en/sql-reference/sql/create-external-function]
-- twin: CREATE EXTERNAL FUNCTION f(a VARCHAR) RETURNS VARIANT API_INTEGRATION = i AS 'https://x/y'
CREATE EXTERNAL FUNCTION f(a VARCHAR) RETURNS VARIANT API_INTEGRATION = i AS https://x/y;
