-- near-miss: ALTER VIEW SET takes SECURE, COMMENT or CHANGE_TRACKING [docs.snowflake.com/en/sql-reference/sql/alter-view]
-- twin: ALTER VIEW db.s.v SET SECURE
ALTER VIEW db.s.v SET SECRET;
