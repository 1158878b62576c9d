-- near-miss: a PASSWORD secret needs USERNAME as well as PASSWORD [docs.snowflake.com/en/sql-reference/sql/create-secret]
-- twin: CREATE SECRET s TYPE = PASSWORD USERNAME = 'svc' PASSWORD = 'x'
CREATE SECRET s TYPE = PASSWORD PASSWORD = 'x';
