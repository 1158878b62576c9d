CREATE ROLE IF NOT EXISTS R COMMENT 'missing the equals sign';
-- near-miss: COMMENT takes = [docs.snowflake.com/en/sql-reference/sql/create-role]
-- twin: CREATE ROLE IF NOT EXISTS R COMMENT = 'missing the equals sign'
