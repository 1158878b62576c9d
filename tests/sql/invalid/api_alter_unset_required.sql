ALTER API INTEGRATION SNOWTENANT_EMBED_API UNSET API_ALLOWED_PREFIXES;
-- near-miss: API_ALLOWED_PREFIXES is required and cannot be unset [docs.snowflake.com/en/sql-reference/sql/alter-api-integration]
-- twin: ALTER API INTEGRATION SNOWTENANT_EMBED_API UNSET API_BLOCKED_PREFIXES
