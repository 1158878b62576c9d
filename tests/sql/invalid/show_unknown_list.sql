-- near-miss: SHOW takes an object kind, plural [docs.snowflake.com/en/sql-reference/sql/show]
-- twin: SHOW WAREHOUSES LIKE 'TENANT_%'
SHOW WHATEVER LIKE 'TENANT_%';
