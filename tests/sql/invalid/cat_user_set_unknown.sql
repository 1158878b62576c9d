-- near-miss: FOO_BAR is no user property or parameter [docs.snowflake.com/en/sql-reference/sql/alter-user]
-- twin: ALTER USER u SET DEFAULT_ROLE = analyst
ALTER USER u SET FOO_BAR = 1;
