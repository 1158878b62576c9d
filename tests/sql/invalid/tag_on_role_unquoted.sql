CREATE ROLE r WITH TAG (cost_center = sales);
-- near-miss: a tag value is a single-quoted string [docs.snowflake.com/en/user-guide/object-tagging]
-- twin: CREATE ROLE r WITH TAG (cost_center = 'sales')
