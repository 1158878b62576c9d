CREATE API INTEGRATION a API_PROVIDER = aws_api_gateway API_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/r' GOOGLE_AUDIENCE = 'aud' API_ALLOWED_PREFIXES = ('https://x.execute-api.us-west-2.amazonaws.com/p/') ENABLED = TRUE;
-- near-miss: GOOGLE_AUDIENCE is for google_api_gateway only [docs.snowflake.com/en/sql-reference/sql/create-api-integration]
-- twin: CREATE API INTEGRATION a API_PROVIDER = aws_api_gateway API_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/r' API_ALLOWED_PREFIXES = ('https://x.execute-api.us-west-2.amazonaws.com/p/') ENABLED = TRUE
