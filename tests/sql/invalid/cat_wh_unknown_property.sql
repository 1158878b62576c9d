-- near-miss: FOO_BAR is no warehouse property [docs.snowflake.com/en/sql-reference/sql/create-warehouse]
-- twin: CREATE WAREHOUSE wh WAREHOUSE_SIZE = 'XSMALL'
CREATE WAREHOUSE wh FOO_BAR = 1 WAREHOUSE_SIZE = 'GIGANTIC';
