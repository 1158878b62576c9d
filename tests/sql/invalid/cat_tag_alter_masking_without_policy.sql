-- near-miss: ALTER TAG SET MASKING POLICY names each policy with MASKING POLICY [docs.snowflake.com/en/sql-reference/sql/alter-tag]
-- twin: ALTER TAG t SET MASKING POLICY m1, MASKING POLICY m2
ALTER TAG t SET MASKING POLICY m1, m2;
