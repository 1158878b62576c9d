-- near-miss: UNDROP exists for databases, schemas, tables, tags... not warehouses [docs.snowflake.com/en/sql-reference/sql/undrop]
-- twin: UNDROP SCHEMA db.s
UNDROP WAREHOUSE wh;
