-- near-miss: Snowflake's CREATE ROLE has no LOGIN (PostgreSQL's) [docs.snowflake.com/en/sql-reference/sql/create-role]
-- twin: CREATE ROLE r COMMENT = 'analysts'
CREATE ROLE r LOGIN;
