-- near-miss: ALTER PROCEDURE names the procedure with its argument types [docs.snowflake.com/en/sql-reference/sql/alter-procedure]
-- twin: ALTER PROCEDURE p(VARCHAR) RENAME TO q
ALTER PROCEDURE p RENAME TO q;
