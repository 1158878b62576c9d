CREATE VIEW v WITH ROW ACCESS POLICY rap AS SELECT region FROM t;
-- near-miss: ROW ACCESS POLICY names its columns with ON (...) [docs.snowflake.com/en/sql-reference/sql/create-view]
-- twin: CREATE VIEW v WITH ROW ACCESS POLICY rap ON (region) AS SELECT region FROM t
