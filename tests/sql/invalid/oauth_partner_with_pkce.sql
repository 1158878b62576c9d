CREATE SECURITY INTEGRATION td_oauth TYPE = OAUTH OAUTH_CLIENT = TABLEAU_DESKTOP OAUTH_ENFORCE_PKCE = TRUE;
-- near-miss: OAUTH_ENFORCE_PKCE is a custom-client parameter; a partner application does not take it [docs.snowflake.com/en/sql-reference/sql/create-security-integration-oauth-snowflake]
-- twin: CREATE SECURITY INTEGRATION td_oauth TYPE = OAUTH OAUTH_CLIENT = TABLEAU_DESKTOP
