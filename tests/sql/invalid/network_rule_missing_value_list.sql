CREATE NETWORK RULE r TYPE = IPV4 MODE = INGRESS;
-- near-miss: VALUE_LIST is required [docs.snowflake.com/en/sql-reference/sql/create-network-rule]
-- twin: CREATE NETWORK RULE r TYPE = IPV4 MODE = INGRESS VALUE_LIST = ('10.0.0.0/8')
