ALTER ROW ACCESS POLICY rap SET BODY IS_ROLE_IN_SESSION('A');
-- near-miss: SET BODY takes -> [docs.snowflake.com/en/sql-reference/sql/alter-row-access-policy]
-- twin: ALTER ROW ACCESS POLICY rap SET BODY -> IS_ROLE_IN_SESSION('A')
