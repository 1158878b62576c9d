CREATE OR REPLACE ROLE IF NOT EXISTS R COMMENT = 'both';
-- near-miss: OR REPLACE and IF NOT EXISTS are exclusive [docs.snowflake.com/en/sql-reference/sql/create-role]
-- twin: CREATE OR REPLACE ROLE R COMMENT = 'both'
