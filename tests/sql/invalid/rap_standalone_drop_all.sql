DROP ALL ROW ACCESS POLICIES ON ANALYTICS.SHARED.EVENTS;
-- near-miss: DROP ALL ROW ACCESS POLICIES is a clause of ALTER TABLE (the standalone form is BigQuery's) [docs.snowflake.com/en/sql-reference/sql/alter-table]
-- twin: ALTER TABLE ANALYTICS.SHARED.EVENTS DROP ALL ROW ACCESS POLICIES
