-- near-miss: OWNERSHIP goes to a role or database role [docs.snowflake.com/en/sql-reference/sql/grant-ownership]
-- twin: GRANT OWNERSHIP ON TAG db.s.cost_center TO ROLE tag_admin
GRANT OWNERSHIP ON TAG db.s.cost_center TO USER alice;
