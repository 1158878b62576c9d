-- near-miss: CREATE SHARE has OR REPLACE, not OR ALTER [docs.snowflake.com/en/sql-reference/sql/create-share]
-- twin: CREATE OR REPLACE SHARE s
CREATE OR ALTER SHARE s;
