-- near-miss: TELEPATHY is no authentication method [docs.snowflake.com/en/sql-reference/sql/create-authentication-policy]
-- twin: CREATE AUTHENTICATION POLICY a AUTHENTICATION_METHODS = ('KEYPAIR')
CREATE AUTHENTICATION POLICY a AUTHENTICATION_METHODS = ('TELEPATHY');
