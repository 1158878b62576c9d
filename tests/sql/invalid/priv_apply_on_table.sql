-- near-miss: APPLY is granted on policies and tags, not tables [docs.snowflake.com/en/sql-reference/sql/grant-privilege]
-- twin: GRANT APPLY ON ROW ACCESS POLICY db.s.p TO ROLE r
GRANT APPLY ON TABLE db.s.t TO ROLE r;
