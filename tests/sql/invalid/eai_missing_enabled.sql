-- near-miss: ENABLED is required in CREATE EXTERNAL ACCESS INTEGRATION [docs.snowflake.com/en/sql-reference/sql/create-external-access-integration]
-- twin: CREATE EXTERNAL ACCESS INTEGRATION eai ALLOWED_NETWORK_RULES = (r1) ENABLED = TRUE
CREATE EXTERNAL ACCESS INTEGRATION eai ALLOWED_NETWORK_RULES = (r1);
