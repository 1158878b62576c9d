CREATE SECURITY INTEGRATION sso TYPE = OIDC ENABLED = TRUE;
-- near-miss: a security integration's TYPE is EXTERNAL_OAUTH, OAUTH, SAML2 or SCIM (each with its own page) [docs.snowflake.com/en/sql-reference/sql/create-security-integration]
-- twin: CREATE SECURITY INTEGRATION sso TYPE = SCIM SCIM_CLIENT = 'GENERIC' RUN_AS_ROLE = 'GENERIC_SCIM_PROVISIONER' ENABLED = TRUE
