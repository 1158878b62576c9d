ALTER NETWORK POLICY p ADD COMMENT = 'office';
-- near-miss: ADD and REMOVE take a list; COMMENT is SET [docs.snowflake.com/en/sql-reference/sql/alter-network-policy]
-- twin: ALTER NETWORK POLICY p SET COMMENT = 'office'
