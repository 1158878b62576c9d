GRANT CALLER SELECT ON ALL VIEWS IN SCHEMA s TO ROLE r;
-- near-miss: a grant on ALL objects of a kind is INHERITED CALLER [docs.snowflake.com/en/sql-reference/sql/grant-caller]
-- twin: GRANT INHERITED CALLER SELECT ON ALL VIEWS IN SCHEMA s TO ROLE r
