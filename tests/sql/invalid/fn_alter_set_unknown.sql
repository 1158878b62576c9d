ALTER FUNCTION f(INT) SET SECURITY = TRUE;
-- near-miss: ALTER FUNCTION has no SECURITY property (SET SECURE is the form) [docs.snowflake.com/en/sql-reference/sql/alter-function]
-- twin: ALTER FUNCTION f(INT) SET SECURE
