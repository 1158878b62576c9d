GRANT CALLER USAGE ON VIEW v TO ROLE r;
-- near-miss: USAGE is not a privilege on a view [docs.snowflake.com/en/sql-reference/sql/grant-caller]
-- twin: GRANT CALLER SELECT ON VIEW v TO ROLE r
