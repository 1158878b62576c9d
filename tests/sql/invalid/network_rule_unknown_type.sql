CREATE NETWORK RULE r TYPE = IPV5 VALUE_LIST = ('10.0.0.1');
-- near-miss: TYPE is IPV4, AWSVPCEID, AZURELINKID or HOST_PORT [docs.snowflake.com/en/sql-reference/sql/create-network-rule]
-- twin: CREATE NETWORK RULE r TYPE = IPV4 VALUE_LIST = ('10.0.0.1')
