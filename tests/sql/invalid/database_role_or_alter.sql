-- near-miss: CREATE OR ALTER is not a form of CREATE DATABASE ROLE [docs.snowflake.com/en/sql-reference/sql/create-database-role]
-- twin: CREATE OR REPLACE DATABASE ROLE db.reader
CREATE OR ALTER DATABASE ROLE db.reader;
