-- near-miss: PASSWORD_MAX_RETRIES is 1 to 10 [docs.snowflake.com/en/sql-reference/sql/create-password-policy]
-- twin: ALTER PASSWORD POLICY p SET PASSWORD_MAX_RETRIES = 10
ALTER PASSWORD POLICY p SET PASSWORD_MAX_RETRIES = 11;
