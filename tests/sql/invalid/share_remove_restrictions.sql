-- near-miss: SHARE_RESTRICTIONS goes with ADD ACCOUNTS, not REMOVE [docs.snowflake.com/en/sql-reference/sql/alter-share]
-- twin: ALTER SHARE s REMOVE ACCOUNTS = xy12345
ALTER SHARE s REMOVE ACCOUNTS = xy12345 SHARE_RESTRICTIONS = FALSE;
