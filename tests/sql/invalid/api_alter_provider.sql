ALTER API INTEGRATION SNOWTENANT_EMBED_API SET API_PROVIDER = aws_private_api_gateway;
-- near-miss: API_PROVIDER cannot be altered [docs.snowflake.com/en/sql-reference/sql/alter-api-integration]
-- twin: ALTER API INTEGRATION SNOWTENANT_EMBED_API SET ENABLED = FALSE
