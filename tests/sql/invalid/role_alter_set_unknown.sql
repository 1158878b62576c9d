ALTER ROLE R SET OWNER = SYSADMIN;
-- near-miss: a role's only property is COMMENT (ownership moves with GRANT OWNERSHIP) [docs.snowflake.com/en/sql-reference/sql/alter-role]
-- twin: ALTER ROLE R SET COMMENT = 'x'
