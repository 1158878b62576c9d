-- near-miss: TYPE is required in CREATE SECRET [docs.snowflake.com/en/sql-reference/sql/create-secret]
-- twin: CREATE SECRET s TYPE = GENERIC_STRING SECRET_STRING = 'tk_1'
CREATE SECRET s SECRET_STRING = 'tk_1';
