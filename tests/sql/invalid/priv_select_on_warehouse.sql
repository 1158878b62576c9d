-- near-miss: SELECT is no warehouse privilege [docs.snowflake.com/en/sql-reference/sql/grant-privilege]
-- twin: GRANT USAGE ON WAREHOUSE wh TO ROLE r
GRANT SELECT ON WAREHOUSE wh TO ROLE r;
