-- near-miss: ON_CONFLICT applies only with PROPAGATE [docs.snowflake.com/en/sql-reference/sql/create-tag]
-- twin: CREATE TAG t PROPAGATE = ON_DEPENDENCY ON_CONFLICT = ALLOWED_VALUES_SEQUENCE
CREATE TAG t ON_CONFLICT = ALLOWED_VALUES_SEQUENCE;
