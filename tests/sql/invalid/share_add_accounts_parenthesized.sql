-- near-miss: ADD ACCOUNTS takes a comma list without parentheses [docs.snowflake.com/en/sql-reference/sql/alter-share]
-- twin: ALTER SHARE s ADD ACCOUNTS = xy12345, yz23456
ALTER SHARE s ADD ACCOUNTS = (xy12345, yz23456);
