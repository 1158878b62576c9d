GRANT OWNERSHIP ON SCHEMA S TO ROLE R COPY GRANTS;
-- near-miss: the clause is COPY CURRENT GRANTS [docs.snowflake.com/en/sql-reference/sql/grant-ownership]
-- twin: GRANT OWNERSHIP ON SCHEMA S TO ROLE R COPY CURRENT GRANTS
