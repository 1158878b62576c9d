REVOKE ROLE FROM ROLE SYSADMIN;
-- near-miss: REVOKE ROLE names the role [docs.snowflake.com/en/sql-reference/sql/revoke-role]
-- twin: REVOKE ROLE R FROM ROLE SYSADMIN
