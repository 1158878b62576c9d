-- Functions, handler procedures, views with policies, tags on CREATE, caller grants: each from
-- its doc page's examples and syntax block.

-- SQL UDFs [sql/create-function, developer-guide/udf/sql/udf-sql-scalar-functions].
-- kind: CreateFunction
CREATE FUNCTION pi_udf()
  RETURNS FLOAT
  AS '3.141592654::FLOAT';

-- kind: CreateFunction
CREATE OR REPLACE FUNCTION get_countries_for_user ( id NUMBER )
  RETURNS TABLE (country_code CHAR, country_name VARCHAR)
  AS 'SELECT DISTINCT c.country_code, c.country_name
      FROM user_addresses a, countries c
      WHERE a.user_ID = id
      AND c.country_code = a.country_code';

-- kind: CreateFunction
CREATE OR REPLACE SECURE FUNCTION area_of_circle(radius FLOAT)
  RETURNS FLOAT
  LANGUAGE SQL
  RETURNS NULL ON NULL INPUT
  IMMUTABLE
  MEMOIZABLE
  COMMENT = 'pi r squared'
  AS
  $$
    pi() * radius * radius
  $$;

-- Optional arguments after required ones [sql/create-function].
-- kind: CreateFunction
CREATE OR REPLACE TEMPORARY FUNCTION build_string(word VARCHAR, prefix VARCHAR DEFAULT 'pre-', suffix VARCHAR DEFAULT '-post')
  RETURNS VARCHAR
  AS $$ SELECT prefix || word || suffix $$;

-- CREATE OR ALTER FUNCTION [sql/create-function].
-- kind: CreateFunction
CREATE OR ALTER FUNCTION multiply(a NUMBER, b NUMBER)
  RETURNS NUMBER
  COMMENT = 'Multiply two numbers.'
  AS 'a * b';

-- JavaScript UDF [sql/create-function].
-- kind: CreateFunction
CREATE OR REPLACE FUNCTION js_factorial(d double)
  RETURNS double
  LANGUAGE JAVASCRIPT
  STRICT
  AS '
  if (D <= 0) {
    return 1;
  } else {
    var result = 1;
    for (var i = 2; i <= D; i++) {
      result = result * i;
    }
    return result;
  }
  ';

-- Python UDF, in-line [sql/create-function].
-- kind: CreateFunction
CREATE OR REPLACE FUNCTION addone(i INT)
  RETURNS INT
  LANGUAGE PYTHON
  RUNTIME_VERSION = '3.10'
  HANDLER = 'addone_py'
AS $$
def addone_py(i):
  return i+1
$$;

-- Python UDF with external access [developer-guide/external-network-access/creating-using-external-network-access].
-- kind: CreateFunction
CREATE OR REPLACE FUNCTION google_translate_python(sentence STRING, language STRING)
RETURNS STRING
LANGUAGE PYTHON
RUNTIME_VERSION = 3.9
HANDLER = 'get_translation'
EXTERNAL_ACCESS_INTEGRATIONS = (google_apis_access_integration)
PACKAGES = ('snowflake-snowpark-python','requests')
SECRETS = ('cred' = oauth_token )
AS
$$
import _snowflake
import requests
def get_translation(sentence, language):
  token = _snowflake.get_oauth_access_token('cred')
  return token
$$;

-- Python UDAF [developer-guide/udf/python/udf-python-aggregate-functions].
-- kind: CreateFunction
CREATE OR REPLACE AGGREGATE FUNCTION PYTHON_SUM(a INT)
RETURNS INT
LANGUAGE PYTHON
RUNTIME_VERSION = 3.9
handler = 'PythonSum'
AS $$
class PythonSum:
  def __init__(self):
    self._partial_sum = 0
$$;

-- Java UDF, in-line with TARGET_PATH, and staged (IMPORTS, no body) [sql/create-function].
-- kind: CreateFunction
CREATE OR REPLACE FUNCTION echo_varchar(x VARCHAR)
  RETURNS VARCHAR
  LANGUAGE JAVA
  CALLED ON NULL INPUT
  HANDLER = 'TestFunc.echoVarchar'
  TARGET_PATH = '@~/testfunc.jar'
  AS
  'class TestFunc {
    public static String echoVarchar(String x) {
      return x;
    }
  }';

-- kind: CreateFunction
CREATE FUNCTION my_decrement_udf(i numeric(9, 0))
  RETURNS NUMERIC
  LANGUAGE JAVA
  IMPORTS = ('@~/my_decrement_udf_package_dir/my_decrement_udf_jar.jar')
  HANDLER = 'my_decrement_udf_package.my_decrement_udf_class.my_decrement_udf_method';

-- Scala UDF [sql/create-function].
-- kind: CreateFunction
CREATE OR REPLACE FUNCTION echo_varchar_scala(x VARCHAR)
  RETURNS VARCHAR
  LANGUAGE SCALA
  RUNTIME_VERSION = 2.12
  HANDLER='Echo.echoVarchar'
  AS
  $$
  class Echo {
    def echoVarchar(x : String): String = {
      return x
    }
  }
  $$;

-- Service function [sql/create-function-spcs].
-- kind: CreateFunction
CREATE FUNCTION my_echo_udf (InputText VARCHAR)
  RETURNS VARCHAR
  SERVICE=echo_service
  ENDPOINT=reverse_echoendpoint
  AS '/echo';

-- ALTER FUNCTION [sql/alter-function].
-- kind: AlterObject
ALTER FUNCTION IF EXISTS function1(number) RENAME TO function2;

-- kind: AlterObject
ALTER FUNCTION function2(number) SET SECURE;

-- kind: AlterObject
ALTER FUNCTION function2(number) UNSET SECURE;

-- kind: AlterObject
ALTER FUNCTION function2(number) SET COMMENT = 'doubles a number' LOG_LEVEL = 'DEBUG';

-- kind: AlterObject
ALTER FUNCTION function2(number) UNSET COMMENT, LOG_LEVEL;

-- kind: AlterObject
ALTER FUNCTION google_translate_python(STRING, STRING) SET SECRETS = ('cred' = db.s.oauth_token);

-- kind: DropFunction
DROP FUNCTION multiply(NUMBER, NUMBER);

-- Python, Java and Scala procedures [sql/create-procedure].
-- kind: CreateProcedure
CREATE OR REPLACE PROCEDURE myproc(from_table STRING, to_table STRING, count INT)
  RETURNS STRING
  LANGUAGE PYTHON
  RUNTIME_VERSION = '3.9'
  PACKAGES = ('snowflake-snowpark-python')
  HANDLER = 'run'
AS
$$
def run(session, from_table, to_table, count):
  session.table(from_table).limit(count).write.save_as_table(to_table)
  return "SUCCESS"
$$;

-- kind: CreateProcedure
CREATE OR REPLACE PROCEDURE filter_by_role(table_name VARCHAR, role VARCHAR)
RETURNS TABLE(id NUMBER, name VARCHAR, role VARCHAR)
LANGUAGE PYTHON
RUNTIME_VERSION = '3.9'
PACKAGES = ('snowflake-snowpark-python')
HANDLER = 'filter_by_role'
EXECUTE AS RESTRICTED CALLER
AS $$
from snowflake.snowpark.functions import col
def filter_by_role(session, table_name, role):
  return session.table(table_name).filter(col("role") == role)
$$;

-- kind: CreateProcedure
CREATE OR REPLACE PROCEDURE MYPROC(value INT, fromTable STRING, toTable STRING, count INT)
  RETURNS INT
  LANGUAGE JAVA
  RUNTIME_VERSION = '11'
  PACKAGES = ('com.snowflake:snowpark:latest')
  IMPORTS = ('@mystage/myjar.jar')
  HANDLER = 'MyClass.myMethod';

-- kind: CreateProcedure
CREATE OR REPLACE PROCEDURE file_reader_scala_proc_snowurl(input VARCHAR)
RETURNS VARCHAR
LANGUAGE SCALA
RUNTIME_VERSION = '2.12'
HANDLER = 'FileReader.execute'
PACKAGES = ('com.snowflake:snowpark:latest')
AS $$
object FileReader {
  def execute(session: com.snowflake.snowpark.Session, fileName: String): String = {
    fileName
  }
}
$$;

-- Views [sql/create-view].
-- kind: CreateSnowflakeView
CREATE OR REPLACE VIEW sales_v WITH ROW ACCESS POLICY rap_region ON (region) AS SELECT region, amount FROM sales;

-- kind: CreateSnowflakeView
CREATE OR REPLACE SECURE VIEW v (email WITH MASKING POLICY mask_email, id) AS SELECT email, id FROM users;

-- kind: CreateSnowflakeView
CREATE OR REPLACE VIEW v (a WITH MASKING POLICY mp USING (a, b) WITH TAG (pii = 'yes') COMMENT 'masked', b) AS SELECT a, b FROM t;

-- kind: CreateSnowflakeView
CREATE VIEW v (a PROJECTION POLICY pp) AS SELECT 1 AS a;

-- kind: CreateSnowflakeView
CREATE OR REPLACE VIEW v COPY GRANTS CHANGE_TRACKING = TRUE COMMENT = 'tracked' AS SELECT 1 AS a;

-- kind: CreateSnowflakeView
CREATE VIEW v COPY TAGS AS SELECT 1 AS a;

-- kind: CreateSnowflakeView
CREATE VIEW v WITH TAG (cost_center = 'sales') AS SELECT 1 AS a;

-- kind: CreateSnowflakeView
CREATE VIEW v AGGREGATION POLICY ap ENTITY KEY (user_id) AS SELECT user_id, amount FROM t;

-- kind: CreateSnowflakeView
CREATE OR REPLACE VIEW v WITH CONTACT (steward = data_team) AS SELECT 1 AS a;

-- kind: CreateSnowflakeView
CREATE RECURSIVE VIEW employee_hierarchy (title, employee_id, manager_id, "MGR_EMP_ID (SHOULD BE SAME)", "MGR TITLE") AS (
   SELECT title, employee_id, manager_id, NULL AS "MGR_EMP_ID (SHOULD BE SAME)", 'President' AS "MGR TITLE"
     FROM employees
     WHERE title = 'President'
   UNION ALL
   SELECT employees.title, employees.employee_ID, employees.manager_ID, employee_hierarchy.employee_id AS "MGR_EMP_ID (SHOULD BE SAME)", employee_hierarchy.title AS "MGR TITLE"
     FROM employees INNER JOIN employee_hierarchy
       ON employees.manager_ID = employee_hierarchy.employee_ID
);

-- WITH TAG at creation [sql/create-warehouse, sql/create-role, sql/create-user, sql/create-database, sql/create-schema].
-- kind: CreateWarehouse
CREATE WAREHOUSE tenant_wh WAREHOUSE_SIZE = XSMALL WITH TAG (governance.tags.cost_center = 'sales', tier = 'gold');

-- kind: CreateRole
CREATE ROLE tenant_reader WITH TAG (cost_center = 'sales');

-- kind: CreateRole
CREATE ROLE tenant_writer COMMENT = 'writes' WITH TAG (cost_center = 'sales');

-- kind: CreateUser
CREATE USER svc_user PASSWORD = 'abc123' TAG (cost_center = 'sales');

-- kind: CreateDatabase
CREATE DATABASE tenant_db COMMENT = 'x' TAG (cost_center = 'sales');

-- kind: CreateSchema
CREATE SCHEMA tenant_schema WITH TAG (cost_center = 'sales');

-- Alerts with tags [sql/create-alert].
-- kind: CreateAlert
CREATE OR REPLACE ALERT my_alert WITH TAG (cost_center = 'ops') SCHEDULE = '1 MINUTE' WAREHOUSE = mywarehouse COMMENT = 'new rows' IF (EXISTS (SELECT gauge_value FROM gauge WHERE gauge_value > 200)) THEN INSERT INTO gauge_value_exceeded_history VALUES (current_timestamp());

-- Tags with propagation [sql/create-tag].
-- kind: CreateTag
CREATE TAG cost_center ALLOWED_VALUES 'sales', 'finance' PROPAGATE = ON_DEPENDENCY_AND_DATA_MOVEMENT ON_CONFLICT = ALLOWED_VALUES_SEQUENCE;

-- Caller grants [sql/grant-caller, sql/revoke-caller].
-- kind: CallerGrant
GRANT CALLER SELECT ON VIEW db.sch.v TO ROLE r;

-- kind: CallerGrant
GRANT CALLER SELECT, INSERT ON TABLE db.sch.t TO DATABASE ROLE db.dr;

-- kind: CallerGrant
GRANT ALL CALLER PRIVILEGES ON WAREHOUSE wh TO ROLE r;

-- kind: CallerGrant
GRANT INHERITED CALLER SELECT ON ALL VIEWS IN SCHEMA db.sch TO ROLE r;

-- kind: CallerGrant
GRANT INHERITED CALLER USAGE ON ALL SCHEMAS IN DATABASE db TO ROLE r;

-- kind: CallerGrant
GRANT ALL INHERITED CALLER PRIVILEGES ON ALL TABLES IN ACCOUNT TO ROLE r;

-- kind: CallerGrant
REVOKE CALLER SELECT ON VIEW db.sch.v FROM ROLE r;

-- kind: CallerGrant
REVOKE INHERITED CALLER SELECT ON ALL VIEWS IN SCHEMA db.sch FROM ROLE r;

-- kind: CallerGrant
REVOKE ALL INHERITED CALLER PRIVILEGES ON ALL TABLES IN ACCOUNT FROM ROLE r;

-- ALTER VIEW: data metric functions and schedule, contacts, aggregation and projection policies,
-- column comments [sql/alter-view].
-- kind: AlterView
ALTER VIEW v SET DATA_METRIC_SCHEDULE = '5 MINUTE';

-- kind: AlterView
ALTER VIEW v SET DATA_METRIC_SCHEDULE = 'USING CRON 0 8 * * * UTC';

-- kind: AlterView
ALTER VIEW v SET DATA_METRIC_SCHEDULE = 'TRIGGER_ON_CHANGES';

-- kind: AlterView
ALTER VIEW v UNSET DATA_METRIC_SCHEDULE;

-- kind: AlterView
ALTER VIEW v ADD DATA METRIC FUNCTION SNOWFLAKE.CORE.NULL_COUNT ON (email), SNOWFLAKE.CORE.DUPLICATE_COUNT ON (id);

-- kind: AlterView
ALTER VIEW v DROP DATA METRIC FUNCTION SNOWFLAKE.CORE.NULL_COUNT ON (email);

-- kind: AlterView
ALTER VIEW v SET CONTACT steward = data_team;

-- kind: AlterView
ALTER VIEW v UNSET CONTACT steward;

-- kind: AlterView
ALTER VIEW v ADD AGGREGATION POLICY ap ENTITY KEY (user_id);

-- kind: AlterView
ALTER VIEW v SET AGGREGATION POLICY ap FORCE;

-- kind: AlterView
ALTER VIEW v UNSET AGGREGATION POLICY;

-- kind: AlterView
ALTER VIEW v ALTER COLUMN a SET PROJECTION POLICY pp FORCE;

-- kind: AlterView
ALTER VIEW v MODIFY COLUMN a UNSET PROJECTION POLICY;

-- kind: AlterView
ALTER VIEW v ALTER COLUMN a COMMENT 'the a column';

-- Tags on a column and on a function's signature [sql/alter-view, sql/alter-function].
-- kind: AlterObjectTags
ALTER VIEW v MODIFY COLUMN a SET TAG pii = 'email';

-- kind: AlterObjectTags
ALTER FUNCTION f(INT) SET TAG cost_center = 'sales';

-- CREATE ALERT ... CLONE [sql/create-alert].
-- kind: CloneAlert
CREATE ALERT my_alert_2 CLONE my_alert;

-- A session-scoped handler procedure [sql/create-procedure: CREATE [ OR REPLACE ] [ { TEMP | TEMPORARY } ] [ SECURE ] PROCEDURE].
-- kind: CreateProcedure
CREATE OR REPLACE TEMPORARY PROCEDURE session_proc() RETURNS STRING LANGUAGE PYTHON RUNTIME_VERSION = '3.11' PACKAGES = ('snowflake-snowpark-python') HANDLER = 'run' AS 'def run(session): return "ok"';

-- Session views and COPY = (...) [sql/create-view].
-- kind: CreateSnowflakeView
CREATE LOCAL TEMPORARY VIEW session_v AS SELECT 1 AS a;

-- kind: CreateSnowflakeView
CREATE VOLATILE VIEW volatile_v AS SELECT 1 AS a;

-- kind: CreateSnowflakeView
CREATE OR REPLACE VIEW copied_v COPY = (COMMENTS, TAGS) AS SELECT 1 AS a;

-- A service function's service and endpoint can be changed [sql/create-function-spcs, sql/alter-function-spcs].
-- kind: AlterObject
ALTER FUNCTION my_echo_udf(VARCHAR) SET SERVICE = echo_service_2 ENDPOINT = reverse_echoendpoint MAX_BATCH_ROWS = 100;
