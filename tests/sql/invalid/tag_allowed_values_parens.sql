CREATE TAG cost_center ALLOWED_VALUES ('finance', 'sales');
-- near-miss: ALLOWED_VALUES takes a bare list [docs.snowflake.com/en/sql-reference/sql/create-tag]
-- twin: CREATE TAG cost_center ALLOWED_VALUES 'finance', 'sales'
