-- near-miss: a database role cannot hold account-level privileges [docs.snowflake.com/en/sql-reference/sql/grant-privilege]
-- twin: GRANT USAGE ON SCHEMA db1.s TO DATABASE ROLE db1.reader
GRANT USAGE ON WAREHOUSE wh TO DATABASE ROLE db1.reader;
