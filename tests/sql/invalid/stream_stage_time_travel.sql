-- near-miss: a stream on a stage (directory table) has no AT | BEFORE clause [docs.snowflake.com/en/sql-reference/sql/create-stream]
-- twin: CREATE STREAM s ON STAGE mystage
CREATE STREAM s ON STAGE mystage AT (OFFSET => -60);
