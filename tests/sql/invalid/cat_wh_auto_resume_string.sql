-- near-miss: AUTO_RESUME is TRUE or FALSE [docs.snowflake.com/en/sql-reference/sql/create-warehouse]
-- twin: CREATE WAREHOUSE wh AUTO_RESUME = TRUE
CREATE WAREHOUSE wh AUTO_RESUME = 'yes';
