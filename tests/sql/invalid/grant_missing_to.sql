GRANT USAGE ON WAREHOUSE TENANT_ACME_WH ROLE TENANT_ACME_READ;
-- near-miss: TO precedes the grantee [docs.snowflake.com/en/sql-reference/sql/grant-privilege]
-- twin: GRANT USAGE ON WAREHOUSE TENANT_ACME_WH TO ROLE TENANT_ACME_READ
