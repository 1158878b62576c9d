CREATE ROLE IF NOT EXISTS TENANT_ACME_READ;

GRANT ROLE TENANT_ACME_READ TO ROLE;
-- near-miss: GRANT ROLE ... TO ROLE names the grantee (reported on the second statement's line) [docs.snowflake.com/en/sql-reference/sql/grant-role]
-- twin: GRANT ROLE TENANT_ACME_READ TO ROLE SYSADMIN
