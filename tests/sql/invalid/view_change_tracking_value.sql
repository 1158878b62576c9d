CREATE VIEW v CHANGE_TRACKING = YES AS SELECT 1 AS a;
-- near-miss: CHANGE_TRACKING is TRUE or FALSE [docs.snowflake.com/en/sql-reference/sql/create-view]
-- twin: CREATE VIEW v CHANGE_TRACKING = TRUE AS SELECT 1 AS a
