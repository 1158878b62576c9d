CREATE SECURITY INTEGRATION pbi TYPE = OAUTH OAUTH_CLIENT = POWER_BI ENABLED = TRUE;
-- near-miss: OAUTH_CLIENT is a partner application (TABLEAU_DESKTOP, TABLEAU_SERVER, LOOKER) or CUSTOM [docs.snowflake.com/en/sql-reference/sql/create-security-integration-oauth-snowflake]
-- twin: CREATE SECURITY INTEGRATION pbi TYPE = OAUTH OAUTH_CLIENT = TABLEAU_SERVER ENABLED = TRUE
