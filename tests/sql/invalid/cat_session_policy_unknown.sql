-- near-miss: IDLE_TIMEOUT is no session policy property [docs.snowflake.com/en/sql-reference/sql/create-session-policy]
-- twin: CREATE SESSION POLICY p SESSION_IDLE_TIMEOUT_MINS = 30
CREATE SESSION POLICY p IDLE_TIMEOUT = 30;
