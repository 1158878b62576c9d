CREATE NETWORK POLICY np ALLOWED_IP_LIST = ('192.168.1.0/33');
-- near-miss: a CIDR prefix is at most /32 [docs.snowflake.com/en/sql-reference/sql/create-network-policy]
-- twin: CREATE NETWORK POLICY np ALLOWED_IP_LIST = ('192.168.1.0/24')
