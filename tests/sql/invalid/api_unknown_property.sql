CREATE API INTEGRATION i API_PROVIDER = aws_api_gateway API_ALLOWED_PREFIX = ('https://x') ENABLED = TRUE;
-- near-miss: the property is API_ALLOWED_PREFIXES [docs.snowflake.com/en/sql-reference/sql/create-api-integration]
-- twin: CREATE API INTEGRATION i API_PROVIDER = aws_api_gateway API_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/r' API_ALLOWED_PREFIXES = ('https://x') ENABLED = TRUE
