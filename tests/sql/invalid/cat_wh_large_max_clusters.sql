-- near-miss: a LARGE warehouse has at most 160 clusters [docs.snowflake.com/en/user-guide/warehouses-multicluster]
-- twin: CREATE WAREHOUSE wh WAREHOUSE_SIZE = LARGE MAX_CLUSTER_COUNT = 160
CREATE WAREHOUSE wh WAREHOUSE_SIZE = LARGE MAX_CLUSTER_COUNT = 161;
