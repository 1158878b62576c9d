CREATE MASKING POLICY email_mask AS (val STRING) RETURNS NUMBER ->
  CASE WHEN CURRENT_ROLE() IN ('ANALYST') THEN 1 ELSE 0 END;
-- near-miss: a masking policy returns its first argument's type [docs.snowflake.com/en/sql-reference/sql/create-masking-policy]
-- twin: CREATE MASKING POLICY email_mask AS (val STRING) RETURNS STRING -> CASE WHEN CURRENT_ROLE() IN ('ANALYST') THEN val ELSE '***' END
