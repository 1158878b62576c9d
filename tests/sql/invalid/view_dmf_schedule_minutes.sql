ALTER VIEW v SET DATA_METRIC_SCHEDULE = '10 MINUTE';
-- near-miss: a data metric schedule in minutes is 5, 15, 30, 60, 720 or 1440 [docs.snowflake.com/en/sql-reference/sql/alter-view]
-- twin: ALTER VIEW v SET DATA_METRIC_SCHEDULE = '15 MINUTE'
