-- near-miss: a secret's TYPE is chosen at CREATE; ALTER SECRET cannot SET it [docs.snowflake.com/en/sql-reference/sql/create-secret]
-- twin: ALTER SECRET s SET COMMENT = 'x'
ALTER SECRET s SET TYPE = PASSWORD;
