CREATE NOTIFICATION INTEGRATION ni ENABLED = TRUE;
-- near-miss: TYPE is required [docs.snowflake.com/en/sql-reference/sql/create-notification-integration]
-- twin: CREATE NOTIFICATION INTEGRATION ni TYPE = EMAIL ENABLED = TRUE
