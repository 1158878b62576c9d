-- near-miss: MIN_CLUSTER_COUNT must not exceed MAX_CLUSTER_COUNT [docs.snowflake.com/en/user-guide/warehouses-multicluster]
-- twin: CREATE WAREHOUSE wh MIN_CLUSTER_COUNT = 2 MAX_CLUSTER_COUNT = 4
CREATE WAREHOUSE wh MIN_CLUSTER_COUNT = 4 MAX_CLUSTER_COUNT = 2;
