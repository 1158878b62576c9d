-- near-miss: ALLOWED_NETWORK_RULES is a parenthesized list [docs.snowflake.com/en/sql-reference/sql/create-external-access-integration]
-- twin: CREATE EXTERNAL ACCESS INTEGRATION eai ALLOWED_NETWORK_RULES = (r1) ENABLED = TRUE
CREATE EXTERNAL ACCESS INTEGRATION eai ALLOWED_NETWORK_RULES = r1 ENABLED = TRUE;
