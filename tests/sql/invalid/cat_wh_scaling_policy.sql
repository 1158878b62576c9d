-- near-miss: SCALING_POLICY is STANDARD or ECONOMY [docs.snowflake.com/en/sql-reference/sql/create-warehouse]
-- twin: CREATE WAREHOUSE wh SCALING_POLICY = ECONOMY
CREATE WAREHOUSE wh SCALING_POLICY = AGGRESSIVE;
