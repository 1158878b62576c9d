-- near-miss: SESSION_IDLE_TIMEOUT_MINS is 5 to 1440 minutes [docs.snowflake.com/en/sql-reference/sql/create-session-policy]
-- twin: CREATE SESSION POLICY p SESSION_IDLE_TIMEOUT_MINS = 5
CREATE SESSION POLICY p SESSION_IDLE_TIMEOUT_MINS = 4;
