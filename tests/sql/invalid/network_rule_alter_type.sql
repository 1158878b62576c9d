-- near-miss: a network rule's TYPE is chosen at CREATE; ALTER NETWORK RULE sets VALUE_LIST and COMMENT [docs.snowflake.com/en/sql-reference/sql/alter-network-rule]
-- twin: ALTER NETWORK RULE r SET VALUE_LIST = ('192.0.2.0/24')
ALTER NETWORK RULE r SET TYPE = IPV4;
