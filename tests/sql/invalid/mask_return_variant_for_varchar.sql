CREATE MASKING POLICY m AS (val VARCHAR, t VARCHAR) RETURNS VARIANT -> val;
-- near-miss: a masking policy returns its first argument's type [docs.snowflake.com/en/sql-reference/sql/create-masking-policy]
-- twin: CREATE MASKING POLICY m AS (val VARCHAR, t VARCHAR) RETURNS VARCHAR -> val
