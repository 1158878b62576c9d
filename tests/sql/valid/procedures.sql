-- Stored procedures [sql/create-procedure, stored-procedures-javascript, stored-procedures-rights] and CALL.

-- kind: CreateProcedure
CREATE OR REPLACE PROCEDURE ANALYTICS.PLATFORM.SET_TENANT_TAG(TENANT VARCHAR)
  RETURNS VARCHAR
  LANGUAGE JAVASCRIPT
  EXECUTE AS CALLER
AS
$$
  var tag = JSON.stringify({tenant: TENANT});
  snowflake.execute({sqlText: "ALTER SESSION SET QUERY_TAG = '" + tag.replace(/\\/g, "\\\\").replace(/'/g, "''") + "'"});
  return tag;
$$;

-- kind: CreateProcedure
CREATE OR REPLACE PROCEDURE stproc1(FLOAT_PARAM1 FLOAT)
  RETURNS STRING
  LANGUAGE JAVASCRIPT
  STRICT
  EXECUTE AS OWNER
AS
$$
var sql_command = "INSERT INTO stproc_test_table1 (num_col1) VALUES (" + FLOAT_PARAM1 + ")";
try {
    snowflake.execute ({sqlText: sql_command});
    return "Succeeded.";
} catch (err) {
    return "Failed: " + err;
}
$$;

-- kind: CreateProcedure
CREATE OR REPLACE PROCEDURE output_message(message VARCHAR)
  RETURNS VARCHAR NOT NULL
  LANGUAGE SQL
AS
$$
BEGIN
  RETURN message;
END;
$$;

-- The same procedures with their Snowflake Scripting body written without delimiters, as Snowsight
-- and the drivers take it [developer-guide/snowflake-scripting/running-examples].
-- kind: CreateProcedure
CREATE OR REPLACE PROCEDURE output_message(message VARCHAR)
RETURNS VARCHAR NOT NULL
LANGUAGE SQL
AS
BEGIN
  RETURN message;
END;

-- kind: CreateProcedure
CREATE OR REPLACE PROCEDURE area_of_circle(radius FLOAT)
  RETURNS FLOAT
  LANGUAGE SQL
AS
DECLARE
  pi FLOAT;
BEGIN
  pi := 3.141592654;
  RETURN pi * radius * radius;
END;

-- An anonymous block with a DECLARE section [developer-guide/snowflake-scripting/blocks].
-- kind: StartTransaction
DECLARE
  radius_of_circle FLOAT;
BEGIN
  RETURN radius_of_circle;
END;

-- kind: CreateProcedure
CREATE OR REPLACE PROCEDURE ANALYTICS.PLATFORM.TAG_SESSION(TENANT VARCHAR)
  RETURNS VARCHAR
  LANGUAGE SQL
  COMMENT = 'sets the query tag for the caller'
  EXECUTE AS CALLER
AS
$$
BEGIN
  ALTER SESSION SET QUERY_TAG = '{"tenant":"acme"}';
  RETURN 'ok';
END
$$;

-- kind: CreateProcedure
CREATE PROCEDURE p_default(a VARCHAR DEFAULT 'x', b NUMBER DEFAULT 1)
  COPY GRANTS
  RETURNS TABLE (id NUMBER, name VARCHAR)
  LANGUAGE SQL
  CALLED ON NULL INPUT
  EXECUTE AS RESTRICTED CALLER
AS 'DECLARE res RESULTSET DEFAULT (SELECT 1 AS id, ''a'' AS name); BEGIN RETURN TABLE(res); END';

-- kind: CreateProcedure
CREATE OR REPLACE SECURE PROCEDURE sp_js() RETURNS FLOAT LANGUAGE JAVASCRIPT RETURNS NULL ON NULL INPUT AS 'return 3.1415926;';

-- kind: CreateProcedure
CREATE OR REPLACE PROCEDURE area_of_circle(radius FLOAT)
  RETURNS FLOAT
  LANGUAGE SQL
AS
$$
DECLARE
  pi FLOAT;
BEGIN
  pi := 3.141592654;
  RETURN pi * radius * radius;
END;
$$;

-- kind: Call
CALL ANALYTICS.PLATFORM.SET_TENANT_TAG('acme');

-- kind: Call
CALL output_message('Hello World');

-- kind: Call
CALL SYSTEM$SEND_EMAIL('PLATFORM_EMAIL', 'ops@example.com', 'Budget alert', 'Tenant acme is over 80% of its budget.');

-- kind: DropProcedure
DROP PROCEDURE IF EXISTS output_message(VARCHAR);

-- kind: Execute
EXECUTE IMMEDIATE $$ SELECT 1 $$;
