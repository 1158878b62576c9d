-- near-miss: DEFAULT_ROL is no user property [docs.snowflake.com/en/sql-reference/sql/alter-user]
-- twin: ALTER USER u UNSET DEFAULT_ROLE
ALTER USER u UNSET DEFAULT_ROL;
