-- near-miss: Snowflake has no triggers (PostgreSQL's CREATE TRIGGER) [docs.snowflake.com/en/sql-reference/sql-ddl-summary]
-- twin: CREATE TABLE t (a INT)
CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW EXECUTE FUNCTION f();
