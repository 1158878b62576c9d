CREATE SECURITY INTEGRATION oauth_custom TYPE = OAUTH OAUTH_CLIENT = CUSTOM OAUTH_REDIRECT_URI = 'https://localhost.com' ENABLED = TRUE;
-- near-miss: OAUTH_CLIENT = CUSTOM requires OAUTH_CLIENT_TYPE [docs.snowflake.com/en/sql-reference/sql/create-security-integration-oauth-snowflake]
-- twin: CREATE SECURITY INTEGRATION oauth_custom TYPE = OAUTH OAUTH_CLIENT = CUSTOM OAUTH_CLIENT_TYPE = 'PUBLIC' OAUTH_REDIRECT_URI = 'https://localhost.com' ENABLED = TRUE
