-- near-miss: GRANT names the object kind (ON TABLE t) [docs.snowflake.com/en/sql-reference/sql/grant-privilege]
-- twin: GRANT SELECT ON TABLE db.s.t TO ROLE r
GRANT SELECT ON db.s.t TO ROLE r;
