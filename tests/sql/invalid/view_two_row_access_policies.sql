CREATE VIEW v WITH ROW ACCESS POLICY r1 ON (a) WITH ROW ACCESS POLICY r2 ON (a) AS SELECT 1 AS a;
-- near-miss: a view takes one row access policy [docs.snowflake.com/en/sql-reference/sql/create-view]
-- twin: CREATE VIEW v WITH ROW ACCESS POLICY r1 ON (a) AS SELECT 1 AS a
