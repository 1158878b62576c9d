CREATE ALERT a WITH TAG (t = v) SCHEDULE = '1 MINUTE' IF (EXISTS (SELECT 1)) THEN SELECT 1;
-- near-miss: a tag value is a single-quoted string [docs.snowflake.com/en/sql-reference/sql/create-alert]
-- twin: CREATE ALERT a WITH TAG (t = 'v') SCHEDULE = '1 MINUTE' IF (EXISTS (SELECT 1)) THEN SELECT 1
