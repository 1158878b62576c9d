-- near-miss: there is no DESCRIBE ROLE (SHOW ROLES / SHOW GRANTS TO ROLE) [docs.snowflake.com/en/sql-reference/sql/desc]
-- twin: DESCRIBE WAREHOUSE wh
DESCRIBE ROLE analyst;
