-- near-miss: RENAME takes TO before the new name [docs.snowflake.com/en/sql-reference/sql/alter-network-policy]
-- twin: ALTER NETWORK POLICY np RENAME TO np2
ALTER NETWORK POLICY np RENAME np2;
