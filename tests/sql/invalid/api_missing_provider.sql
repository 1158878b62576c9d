CREATE API INTEGRATION i API_AWS_ROLE_ARN = 'arn' API_ALLOWED_PREFIXES = ('https://x') ENABLED = TRUE;
-- near-miss: API_PROVIDER is required [docs.snowflake.com/en/sql-reference/sql/create-api-integration]
-- twin: CREATE API INTEGRATION i API_PROVIDER = aws_api_gateway API_AWS_ROLE_ARN = 'arn' API_ALLOWED_PREFIXES = ('https://x') ENABLED = TRUE
