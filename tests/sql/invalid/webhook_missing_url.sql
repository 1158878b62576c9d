CREATE NOTIFICATION INTEGRATION slack TYPE = WEBHOOK ENABLED = TRUE WEBHOOK_SECRET = s.p.slack_secret;
-- near-miss: WEBHOOK_URL is required [docs.snowflake.com/en/sql-reference/sql/create-notification-integration-webhooks]
-- twin: CREATE NOTIFICATION INTEGRATION slack TYPE = WEBHOOK ENABLED = TRUE WEBHOOK_URL = 'https://hooks.slack.com/services/SNOWFLAKE_WEBHOOK_SECRET' WEBHOOK_SECRET = s.p.slack_secret
