-- near-miss: USERNAME belongs to TYPE = PASSWORD, not GENERIC_STRING [docs.snowflake.com/en/sql-reference/sql/create-secret]
-- twin: CREATE SECRET s TYPE = GENERIC_STRING SECRET_STRING = 'tk_1'
CREATE SECRET s TYPE = GENERIC_STRING SECRET_STRING = 'tk_1' USERNAME = 'svc';
