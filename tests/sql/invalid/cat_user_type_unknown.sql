-- near-miss: TYPE is PERSON, SERVICE, LEGACY_SERVICE or NULL [docs.snowflake.com/en/sql-reference/sql/create-user]
-- twin: CREATE USER svc TYPE = SERVICE
CREATE USER svc TYPE = ROBOT;
