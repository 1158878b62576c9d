-- near-miss: GENERATION is '1' or '2' [docs.snowflake.com/en/sql-reference/sql/create-warehouse]
-- twin: CREATE WAREHOUSE wh GENERATION = '2'
CREATE WAREHOUSE wh GENERATION = '3';
