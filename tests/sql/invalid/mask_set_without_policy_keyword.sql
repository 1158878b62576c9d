ALTER TABLE user_info MODIFY COLUMN email SET MASKING email_mask;
-- near-miss: the clause is SET MASKING POLICY [docs.snowflake.com/en/sql-reference/sql/alter-table-column]
-- twin: ALTER TABLE user_info MODIFY COLUMN email SET MASKING POLICY email_mask
