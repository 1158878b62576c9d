-- API and notification integrations, external functions [sql/create-api-integration,
-- sql/create-external-function, sql/create-notification-integration-email].

-- kind: CreateIntegration
CREATE OR REPLACE API INTEGRATION demonstration_external_api_integration_01
  API_PROVIDER = aws_api_gateway
  API_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/my_cloud_account_role'
  API_ALLOWED_PREFIXES = ('https://xyz.execute-api.us-west-2.amazonaws.com/production')
  ENABLED = TRUE;

-- kind: CreateIntegration
CREATE API INTEGRATION IF NOT EXISTS EMBED_API
  API_PROVIDER = aws_private_api_gateway
  API_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/snowtenant-embed'
  API_KEY = 'abc'
  API_ALLOWED_PREFIXES = ('https://abc.execute-api.eu-west-1.amazonaws.com/prod/', 'https://abc.execute-api.eu-west-1.amazonaws.com/dev/')
  API_BLOCKED_PREFIXES = ('https://abc.execute-api.eu-west-1.amazonaws.com/prod/admin')
  ENABLED = TRUE
  COMMENT = 'embed URLs for tenant dashboards';

-- kind: CreateIntegration
CREATE OR REPLACE API INTEGRATION azure_int
  API_PROVIDER = azure_api_management
  AZURE_TENANT_ID = 'b3ddabe4-e5ed-4e71-8827-0cefb99af240'
  AZURE_AD_APPLICATION_ID = '7a7e5b2e-d1ab-4c5d-8a8f-2f7a2f9a1e1a'
  API_ALLOWED_PREFIXES = ('https://my-api.azure-api.net/')
  ENABLED = TRUE;

-- kind: CreateIntegration
CREATE API INTEGRATION gcp_int API_PROVIDER = google_api_gateway GOOGLE_AUDIENCE = 'my-audience'
  API_ALLOWED_PREFIXES = ('https://gateway-id-123456.uc.gateway.dev/') ENABLED = TRUE;

-- kind: CreateIntegration
CREATE NOTIFICATION INTEGRATION my_email_int
  TYPE = EMAIL
  ENABLED = TRUE
  ALLOWED_RECIPIENTS = ('first.last@example.com', 'first2.last2@example.com');

-- kind: CreateIntegration
CREATE NOTIFICATION INTEGRATION IF NOT EXISTS PLATFORM_EMAIL TYPE = EMAIL ENABLED = TRUE;

-- kind: CreateExternalFunction
CREATE OR REPLACE EXTERNAL FUNCTION local_echo(string_col VARCHAR)
  RETURNS VARIANT
  API_INTEGRATION = demonstration_external_api_integration_01
  AS 'https://xyz.execute-api.us-west-2.amazonaws.com/prod/remote_echo';

-- kind: CreateExternalFunction
CREATE OR REPLACE SECURE EXTERNAL FUNCTION ANALYTICS.PLATFORM.EMBED_URL(DASHBOARD VARCHAR, TENANT VARCHAR)
  RETURNS VARIANT NOT NULL
  RETURNS NULL ON NULL INPUT
  VOLATILE
  COMMENT = 'signed Sigma embed URL for the caller''s tenant'
  API_INTEGRATION = EMBED_API
  HEADERS = ('snowtenant-version' = '1', 'tenant-source' = 'snowflake')
  CONTEXT_HEADERS = (CURRENT_ROLE, CURRENT_USER, CURRENT_ACCOUNT)
  MAX_BATCH_ROWS = 100
  COMPRESSION = GZIP
  AS 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/v1/snowflake/embed-url';

-- kind: CreateExternalFunction
CREATE EXTERNAL FUNCTION ext_translate(msg VARCHAR) RETURNS VARIANT IMMUTABLE API_INTEGRATION = azure_int
  REQUEST_TRANSLATOR = utils.translate_req RESPONSE_TRANSLATOR = utils.translate_resp COMPRESSION = AUTO
  AS 'https://my-api.azure-api.net/translate';

-- kind: CreateExternalFunction
CREATE EXTERNAL FUNCTION noargs() RETURNS VARIANT API_INTEGRATION = gcp_int CONTEXT_HEADERS = (CURRENT_TIMESTAMP) AS 'https://gateway-id-123456.uc.gateway.dev/now';

-- kind: DropObject
DROP INTEGRATION IF EXISTS azure_int;

-- kind: DropObject
DROP API INTEGRATION gcp_int;

-- External OAuth for Sigma [sql/create-security-integration-oauth-external].

-- kind: CreateIntegration
CREATE SECURITY INTEGRATION IF NOT EXISTS SIGMA_EXTERNAL_OAUTH
  TYPE = EXTERNAL_OAUTH
  ENABLED = TRUE
  EXTERNAL_OAUTH_TYPE = OKTA
  EXTERNAL_OAUTH_ISSUER = 'https://example.okta.com/oauth2/default'
  EXTERNAL_OAUTH_JWS_KEYS_URL = 'https://example.okta.com/oauth2/default/v1/keys'
  EXTERNAL_OAUTH_AUDIENCE_LIST = ('https://example.snowflakecomputing.com')
  EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub'
  EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME'
  EXTERNAL_OAUTH_ALLOWED_ROLES_LIST = ('CLIENT_ACME_ROLE', 'CLIENT_JON_ROLE');

-- kind: CreateIntegration
CREATE OR REPLACE SECURITY INTEGRATION external_oauth_azure_2
  TYPE = external_oauth
  ENABLED = true
  EXTERNAL_OAUTH_TYPE = azure
  EXTERNAL_OAUTH_ISSUER = '<AZURE_AD_ISSUER>'
  EXTERNAL_OAUTH_JWS_KEYS_URL = ('https://login.microsoftonline.com/a/discovery/v2.0/keys', 'https://login.microsoftonline.com/b/discovery/v2.0/keys')
  EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = ('upn', 'email')
  EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'login_name'
  EXTERNAL_OAUTH_ANY_ROLE_MODE = 'ENABLE';

-- Converging an existing integration on re-deploy [sql/alter-api-integration,
-- sql/alter-notification-integration-email, sql/alter-security-integration-oauth-external].

-- kind: AlterIntegration
ALTER API INTEGRATION SNOWTENANT_EMBED_API SET API_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/snowtenant-embed' API_ALLOWED_PREFIXES = ('https://abc123.execute-api.us-east-1.amazonaws.com/prod/', 'https://abc123.execute-api.us-east-1.amazonaws.com/v2/') ENABLED = TRUE;

-- kind: AlterIntegration
ALTER INTEGRATION IF EXISTS demonstration_external_api_integration_01 SET
  API_BLOCKED_PREFIXES = ('https://xyz.execute-api.us-west-2.amazonaws.com/production/admin'),
  COMMENT = 'blocked the admin path';

-- kind: AlterIntegration
ALTER API INTEGRATION EMBED_API UNSET API_KEY, API_BLOCKED_PREFIXES;

-- kind: AlterIntegration
ALTER NOTIFICATION INTEGRATION BUDGET_EMAIL SET ENABLED = TRUE ALLOWED_RECIPIENTS = ('cfo@example.com', 'finops@example.com');

-- kind: AlterIntegration
ALTER NOTIFICATION INTEGRATION my_email_int SET DEFAULT_SUBJECT = 'Service status' DEFAULT_RECIPIENTS = ('first.last@example.com');

-- kind: AlterIntegration
ALTER NOTIFICATION INTEGRATION BUDGET_EMAIL UNSET ALLOWED_RECIPIENTS;

-- kind: AlterIntegration
ALTER SECURITY INTEGRATION SIGMA_EXTERNAL_OAUTH SET
  ENABLED = TRUE
  EXTERNAL_OAUTH_TYPE = OKTA
  EXTERNAL_OAUTH_ISSUER = 'https://example.okta.com/oauth2/default'
  EXTERNAL_OAUTH_JWS_KEYS_URL = 'https://example.okta.com/oauth2/default/v1/keys'
  EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub'
  EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME'
  EXTERNAL_OAUTH_ALLOWED_ROLES_LIST = ('CLIENT_ACME_ROLE', 'CLIENT_JON_ROLE', 'CLIENT_NEW_ROLE');

-- kind: AlterIntegration
ALTER SECURITY INTEGRATION myint SET ENABLED = TRUE;

-- kind: AlterIntegration
ALTER SECURITY INTEGRATION SIGMA_EXTERNAL_OAUTH UNSET EXTERNAL_OAUTH_AUDIENCE_LIST;
