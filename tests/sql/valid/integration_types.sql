-- Each integration TYPE with its own property set, read from the catalog
-- (src/sqlcheck/catalog/props/integrations.rs), from the docs' examples.

-- Snowflake OAuth for a partner application [sql/create-security-integration-oauth-snowflake].

-- kind: CreateIntegration
CREATE SECURITY INTEGRATION td_oauth_int2
  TYPE = OAUTH
  ENABLED = TRUE
  OAUTH_REFRESH_TOKEN_VALIDITY = 36000
  BLOCKED_ROLES_LIST = ('SYSADMIN')
  OAUTH_CLIENT = TABLEAU_DESKTOP;

-- kind: CreateIntegration
CREATE OR REPLACE SECURITY INTEGRATION ts_oauth_int
  TYPE = OAUTH
  ENABLED = TRUE
  OAUTH_CLIENT = TABLEAU_SERVER
  OAUTH_ISSUE_REFRESH_TOKENS = TRUE
  OAUTH_USE_SECONDARY_ROLES = IMPLICIT
  NETWORK_POLICY = 'mypolicy';

-- kind: CreateIntegration
CREATE SECURITY INTEGRATION looker_oauth
  TYPE = OAUTH
  ENABLED = TRUE
  OAUTH_CLIENT = LOOKER
  OAUTH_REDIRECT_URI = 'https://example.looker.com/external_oauth/redirect';

-- Snowflake OAuth for a custom client [sql/create-security-integration-oauth-snowflake].

-- kind: CreateIntegration
CREATE SECURITY INTEGRATION oauth_kp_int
  TYPE = OAUTH
  ENABLED = TRUE
  OAUTH_CLIENT = CUSTOM
  OAUTH_CLIENT_TYPE = 'CONFIDENTIAL'
  OAUTH_REDIRECT_URI = 'https://localhost.com'
  OAUTH_ISSUE_REFRESH_TOKENS = TRUE
  OAUTH_REFRESH_TOKEN_VALIDITY = 86400
  OAUTH_ENFORCE_PKCE = TRUE
  PRE_AUTHORIZED_ROLES_LIST = ('ANALYST')
  BLOCKED_ROLES_LIST = ('SYSADMIN')
  OAUTH_CLIENT_RSA_PUBLIC_KEY = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAy+Fw2qv4Roud3l6tjPH4'
  COMMENT = 'custom client';

-- kind: AlterIntegration
ALTER SECURITY INTEGRATION oauth_kp_int SET OAUTH_REFRESH_TOKEN_VALIDITY = 7776000 OAUTH_USE_SECONDARY_ROLES = NONE;

-- kind: AlterIntegration
ALTER SECURITY INTEGRATION oauth_kp_int UNSET OAUTH_CLIENT_RSA_PUBLIC_KEY;

-- SAML2 [sql/create-security-integration-saml2].

-- kind: CreateIntegration
CREATE SECURITY INTEGRATION my_idp
  TYPE = SAML2
  ENABLED = TRUE
  SAML2_ISSUER = 'https://example.com'
  SAML2_SSO_URL = 'http://myssourl.com'
  SAML2_PROVIDER = 'CUSTOM'
  SAML2_X509_CERT = 'MIICr...'
  SAML2_SP_INITIATED_LOGIN_PAGE_LABEL = 'my_idp'
  SAML2_ENABLE_SP_INITIATED = FALSE
  ALLOWED_USER_DOMAINS = ('example.com');

-- kind: AlterIntegration
ALTER SECURITY INTEGRATION my_idp SET SAML2_FORCE_AUTHN = TRUE;

-- SCIM [sql/create-security-integration-scim].

-- kind: CreateIntegration
CREATE OR REPLACE SECURITY INTEGRATION okta_provisioning
  TYPE = SCIM
  SCIM_CLIENT = 'OKTA'
  RUN_AS_ROLE = 'OKTA_PROVISIONER';

-- kind: CreateIntegration
CREATE SECURITY INTEGRATION aad_provisioning
  TYPE = SCIM
  SCIM_CLIENT = 'AZURE'
  RUN_AS_ROLE = 'AAD_PROVISIONER'
  NETWORK_POLICY = 'aad_network_policy'
  SYNC_PASSWORD = FALSE;

-- Webhooks [sql/create-notification-integration-webhooks].

-- kind: CreateIntegration
CREATE OR REPLACE NOTIFICATION INTEGRATION my_slack_webhook_int
  TYPE = WEBHOOK
  ENABLED = TRUE
  WEBHOOK_URL = 'https://hooks.slack.com/services/SNOWFLAKE_WEBHOOK_SECRET'
  WEBHOOK_SECRET = my_secrets_db.my_secrets_schema.my_slack_webhook_secret
  WEBHOOK_BODY_TEMPLATE = '{"text": "SNOWFLAKE_WEBHOOK_MESSAGE"}'
  WEBHOOK_HEADERS = ('Content-Type'='application/json');

-- kind: AlterIntegration
ALTER NOTIFICATION INTEGRATION my_slack_webhook_int SET WEBHOOK_HEADERS = ('Content-Type'='text/plain', 'X-Tenant'='acme');

-- Queues: cloud messaging [sql/create-notification-integration].

-- kind: CreateIntegration
CREATE NOTIFICATION INTEGRATION my_notification_int
  ENABLED = TRUE
  TYPE = QUEUE
  NOTIFICATION_PROVIDER = AWS_SNS
  DIRECTION = OUTBOUND
  AWS_SNS_TOPIC_ARN = 'arn:aws:sns:us-east-2:111122223333:sns_topic'
  AWS_SNS_ROLE_ARN = 'arn:aws:iam::111122223333:role/error_sns_role';

-- kind: CreateIntegration
CREATE NOTIFICATION INTEGRATION my_azure_int
  ENABLED = TRUE
  TYPE = QUEUE
  NOTIFICATION_PROVIDER = AZURE_EVENT_GRID
  DIRECTION = OUTBOUND
  AZURE_EVENT_GRID_TOPIC_ENDPOINT = 'https://myaccount.region-1.eventgrid.azure.net/api/events'
  AZURE_TENANT_ID = 'mytenantid';

-- kind: CreateIntegration
CREATE NOTIFICATION INTEGRATION my_pubsub_int
  TYPE = QUEUE
  NOTIFICATION_PROVIDER = GCP_PUBSUB
  ENABLED = TRUE
  GCP_PUBSUB_SUBSCRIPTION_NAME = 'projects/project-1234/subscriptions/sub2';

-- Email with its subject limit [sql/create-notification-integration-email].

-- kind: CreateIntegration
CREATE NOTIFICATION INTEGRATION my_email_int2
  TYPE = EMAIL
  ENABLED = TRUE
  DEFAULT_RECIPIENTS = ('person_a@example.com')
  DEFAULT_SUBJECT = 'Service status';

-- API integrations of each provider family [sql/create-api-integration].

-- kind: CreateIntegration
CREATE API INTEGRATION git_api
  API_PROVIDER = git_https_api
  API_ALLOWED_PREFIXES = ('https://github.com/my-account')
  ALLOWED_AUTHENTICATION_SECRETS = (my_git_secret)
  ENABLED = TRUE;

-- kind: CreateIntegration
CREATE API INTEGRATION gov_api
  API_PROVIDER = aws_gov_private_api_gateway
  API_AWS_ROLE_ARN = 'arn:aws-us-gov:iam::123456789012:role/my_cloud_account_role'
  API_ALLOWED_PREFIXES = ('https://xyz.execute-api.us-gov-west-1.amazonaws.com/production/')
  ENABLED = TRUE;

-- Resource monitors through the catalog [sql/create-resource-monitor, sql/alter-resource-monitor].

-- kind: CreateResourceMonitor
CREATE OR REPLACE RESOURCE MONITOR limiter WITH CREDIT_QUOTA = 1000
  FREQUENCY = YEARLY
  START_TIMESTAMP = '2026-01-01 00:00 PST'
  END_TIMESTAMP = '2026-12-31 23:59 PST'
  NOTIFY_USERS = (JDOE, "jane smith", "john doe")
  TRIGGERS ON 100 PERCENT DO SUSPEND;

-- kind: CreateResourceMonitor
CREATE RESOURCE MONITOR decimals WITH CREDIT_QUOTA = 12.5;

-- kind: AlterResourceMonitor
ALTER RESOURCE MONITOR limiter SET CREDIT_QUOTA = 2000 NOTIFY_USERS = (JDOE);

-- Network policies through the catalog: lists in any order [sql/create-network-policy].

-- kind: CreateNetworkPolicy
CREATE NETWORK POLICY mypolicy2 COMMENT = 'office' BLOCKED_IP_LIST = ('192.168.1.99') ALLOWED_IP_LIST = ('192.168.1.0/24', '10.0.0.1');

-- kind: AlterNetworkPolicy
ALTER NETWORK POLICY mypolicy2 SET ALLOWED_IP_LIST = ('192.168.1.0/24', '192.168.255.100');
