-- near-miss: GIGANTIC is no warehouse size [docs.snowflake.com/en/sql-reference/sql/create-warehouse]
-- twin: CREATE WAREHOUSE wh WAREHOUSE_SIZE = 'X-LARGE'
CREATE WAREHOUSE wh WAREHOUSE_SIZE = 'GIGANTIC';
