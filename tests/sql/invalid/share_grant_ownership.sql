-- near-miss: OWNERSHIP goes to a role or database role, not a share [docs.snowflake.com/en/sql-reference/sql/grant-ownership]
-- twin: GRANT USAGE ON DATABASE d TO SHARE s
GRANT OWNERSHIP ON DATABASE d TO SHARE s;
