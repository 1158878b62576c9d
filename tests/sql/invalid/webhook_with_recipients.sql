CREATE NOTIFICATION INTEGRATION slack TYPE = WEBHOOK ENABLED = TRUE WEBHOOK_URL = 'https://hooks.slack.com/services/T0' ALLOWED_RECIPIENTS = ('a@example.com');
-- near-miss: ALLOWED_RECIPIENTS belongs to email integrations, not TYPE = WEBHOOK [docs.snowflake.com/en/sql-reference/sql/create-notification-integration-webhooks]
-- twin: CREATE NOTIFICATION INTEGRATION slack TYPE = WEBHOOK ENABLED = TRUE WEBHOOK_URL = 'https://hooks.slack.com/services/T0'
