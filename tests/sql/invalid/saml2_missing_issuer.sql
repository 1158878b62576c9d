CREATE SECURITY INTEGRATION my_idp TYPE = SAML2 ENABLED = TRUE SAML2_SSO_URL = 'https://idp.example.com/sso' SAML2_PROVIDER = 'OKTA' SAML2_X509_CERT = 'MIIC';
-- near-miss: SAML2_ISSUER is required [docs.snowflake.com/en/sql-reference/sql/create-security-integration-saml2]
-- twin: CREATE SECURITY INTEGRATION my_idp TYPE = SAML2 ENABLED = TRUE SAML2_ISSUER = 'https://idp.example.com' SAML2_SSO_URL = 'https://idp.example.com/sso' SAML2_PROVIDER = 'OKTA' SAML2_X509_CERT = 'MIIC'
