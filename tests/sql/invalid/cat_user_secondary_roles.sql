-- near-miss: DEFAULT_SECONDARY_ROLES is () or ('ALL') [docs.snowflake.com/en/sql-reference/sql/create-user]
-- twin: CREATE USER u DEFAULT_SECONDARY_ROLES = ('ALL')
CREATE USER u DEFAULT_SECONDARY_ROLES = ('ANALYST');
