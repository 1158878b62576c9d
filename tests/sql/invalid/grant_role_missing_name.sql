GRANT ROLE TO USER SIGMA_SERVICE_USER;
-- near-miss: GRANT ROLE names the role [docs.snowflake.com/en/sql-reference/sql/grant-role]
-- twin: GRANT ROLE R TO USER SIGMA_SERVICE_USER
