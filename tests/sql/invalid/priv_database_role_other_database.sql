-- near-miss: a database role holds privileges only in its own database [docs.snowflake.com/en/sql-reference/sql/grant-privilege]
-- twin: GRANT SELECT ON ALL TABLES IN SCHEMA db1.s TO DATABASE ROLE db1.reader
GRANT SELECT ON ALL TABLES IN SCHEMA db2.s TO DATABASE ROLE db1.reader;
