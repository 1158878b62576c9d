GRANT CALLER SELECT ON VIEW v TO USER u;
-- near-miss: caller grants go to the executable's owner: a ROLE, DATABASE ROLE or APPLICATION [docs.snowflake.com/en/sql-reference/sql/grant-caller]
-- twin: GRANT CALLER SELECT ON VIEW v TO ROLE u
