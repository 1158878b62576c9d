-- near-miss: SHOW takes the plural (WAREHOUSES) [docs.snowflake.com/en/sql-reference/sql/show-warehouses]
-- twin: SHOW WAREHOUSES
SHOW WAREHOUSE;
