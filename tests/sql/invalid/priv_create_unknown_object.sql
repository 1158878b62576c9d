-- near-miss: CREATE GADGET is no schema privilege [docs.snowflake.com/en/user-guide/security-access-control-privileges]
-- twin: GRANT CREATE TABLE, CREATE ROW ACCESS POLICY ON SCHEMA db.s TO ROLE admin
GRANT CREATE GADGET ON SCHEMA db.s TO ROLE admin;
