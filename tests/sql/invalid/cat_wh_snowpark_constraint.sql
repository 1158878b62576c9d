-- near-miss: a Snowpark-optimized warehouse takes a MEMORY_* resource constraint [docs.snowflake.com/en/user-guide/warehouses-snowpark-optimized]
-- twin: CREATE WAREHOUSE so WAREHOUSE_TYPE = 'SNOWPARK-OPTIMIZED' RESOURCE_CONSTRAINT = MEMORY_16X
CREATE WAREHOUSE so WAREHOUSE_TYPE = 'SNOWPARK-OPTIMIZED' RESOURCE_CONSTRAINT = STANDARD_GEN_2;
