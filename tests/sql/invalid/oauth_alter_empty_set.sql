ALTER SECURITY INTEGRATION SIGMA_EXTERNAL_OAUTH SET;
-- near-miss: SET takes a property [docs.snowflake.com/en/sql-reference/sql/alter-security-integration-oauth-external]
-- twin: ALTER SECURITY INTEGRATION SIGMA_EXTERNAL_OAUTH SET ENABLED = FALSE
