CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE JAVA RUNTIME_VERSION = '3.11' HANDLER = 'F.f' AS 'class F { public static int f(int x) { return x; } }';
-- near-miss: a Java runtime is 11, 17 or 21 [docs.snowflake.com/en/sql-reference/sql/create-function]
-- twin: CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE JAVA RUNTIME_VERSION = '17' HANDLER = 'F.f' AS 'class F { public static int f(int x) { return x; } }'
