CREATE NETWORK POLICY p ALLOWED_IPS = ('192.168.1.0/24');
-- near-miss: the list is ALLOWED_IP_LIST [docs.snowflake.com/en/sql-reference/sql/create-network-policy]
-- twin: CREATE NETWORK POLICY p ALLOWED_IP_LIST = ('192.168.1.0/24')
