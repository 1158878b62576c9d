CREATE API INTEGRATION g API_PROVIDER = google_api_gateway API_ALLOWED_PREFIXES = ('https://gw.uc.gateway.dev/') ENABLED = TRUE;
-- near-miss: API_PROVIDER = google_api_gateway requires GOOGLE_AUDIENCE [docs.snowflake.com/en/sql-reference/sql/create-api-integration]
-- twin: CREATE API INTEGRATION g API_PROVIDER = google_api_gateway GOOGLE_AUDIENCE = 'aud' API_ALLOWED_PREFIXES = ('https://gw.uc.gateway.dev/') ENABLED = TRUE
