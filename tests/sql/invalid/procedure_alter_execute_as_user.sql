-- near-miss: a procedure runs as OWNER, CALLER or RESTRICTED CALLER [docs.snowflake.com/en/sql-reference/sql/alter-procedure]
-- twin: ALTER PROCEDURE p(VARCHAR) EXECUTE AS CALLER
ALTER PROCEDURE p(VARCHAR) EXECUTE AS USER;
