CREATE OR REPLACE SECURE VIEW ANALYTICS.GOLD.V COPY GRANTS SELECT 1;
-- near-miss: the query follows AS [docs.snowflake.com/en/sql-reference/sql/create-view]
-- twin: CREATE OR REPLACE SECURE VIEW ANALYTICS.GOLD.V COPY GRANTS AS SELECT 1
