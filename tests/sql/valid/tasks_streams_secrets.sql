-- Tasks, streams, secrets, storage and external access integrations, shares, network rules:
-- each statement from its doc page [sql/create-task, sql/alter-task, sql/execute-task,
-- sql/create-stream, sql/alter-stream, sql/create-secret, sql/alter-secret,
-- sql/create-storage-integration, sql/alter-storage-integration,
-- sql/create-external-access-integration, sql/alter-external-access-integration,
-- sql/create-share, sql/alter-share, sql/grant-privilege-share, sql/alter-network-rule].

-- Tasks [sql/create-task].
-- kind: CreateTask
CREATE TASK t1
  SCHEDULE = 'USING CRON 0 9-17 * * SUN America/Los_Angeles'
  USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = 'XSMALL'
AS
SELECT CURRENT_TIMESTAMP;

-- kind: CreateTask
CREATE TASK mytask_hour
  WAREHOUSE = mywh
  SCHEDULE = 'USING CRON 0 9-17 * * SUN America/Los_Angeles'
  TIMESTAMP_INPUT_FORMAT = 'YYYY-MM-DD HH24'
AS
INSERT INTO mytable(ts) VALUES(CURRENT_TIMESTAMP);

-- kind: CreateTask
CREATE TASK mytask_minute
  WAREHOUSE = mywh
  SCHEDULE = '5 MINUTE'
AS
INSERT INTO mytable(ts) VALUES(CURRENT_TIMESTAMP);

-- kind: CreateTask
CREATE TASK mytask1
  WAREHOUSE = mywh
  SCHEDULE = '5 minute'
WHEN
  SYSTEM$STREAM_HAS_DATA('MYSTREAM')
AS
  INSERT INTO mytable1(id,name) SELECT id, name FROM mystream WHERE METADATA$ACTION = 'INSERT';

-- kind: CreateTask
CREATE TASK mytask2 WAREHOUSE = mywh AFTER mytask1, mytask0 AS CALL my_proc();

-- kind: CreateTask
CREATE OR ALTER TASK my_task WAREHOUSE = my_warehouse SCHEDULE = '60 MINUTES' AS SELECT PI();

-- kind: CreateTask
CREATE TASK IF NOT EXISTS finalize_task WAREHOUSE = mywh FINALIZE = my_root_task AS CALL cleanup();

-- kind: CreateTask
CREATE TASK serverless_t SCHEDULE = '30 SECONDS' TASK_AUTO_RETRY_ATTEMPTS = 2
  SERVERLESS_TASK_MAX_STATEMENT_SIZE = 'LARGE' LOG_LEVEL = 'WARN' OVERLAP_POLICY = NO_OVERLAP
  ERROR_INTEGRATION = my_notification_int COMMENT = 'tenant refresh'
AS CALL refresh_tenants();

-- kind: CreateTask
CREATE TASK tagged_t WITH TAG (governance.tags.owner = 'data-eng') WAREHOUSE = mywh SCHEDULE = '1 HOUR' AS CALL p();

-- A task body our grammar parses: the body is validated like any statement.
-- kind: CreateTask
CREATE TASK suspend_wh_t WAREHOUSE = admin_wh SCHEDULE = 'USING CRON 0 20 * * * UTC' AS ALTER WAREHOUSE tenant_acme_wh SUSPEND;

-- kind: CreateTask
CREATE TASK mytask_clone CLONE mytask1;

-- ALTER TASK [sql/alter-task].
-- kind: AlterTask
ALTER TASK mytask1 RESUME;

-- kind: AlterTask
ALTER TASK IF EXISTS mytask1 SUSPEND;

-- kind: AlterTask
ALTER TASK mytask2 ADD AFTER mytask1;

-- kind: AlterTask
ALTER TASK mytask2 REMOVE AFTER mytask1, mytask0;

-- kind: AlterTask
ALTER TASK mytask1 SET SCHEDULE = '15 MINUTE' SUSPEND_TASK_AFTER_NUM_FAILURES = 3 TIMEZONE = 'America/Los_Angeles';

-- kind: AlterTask
ALTER TASK mytask1 UNSET WAREHOUSE, COMMENT, TIMEZONE;

-- kind: AlterTask
ALTER TASK mytask1 SET FINALIZE = my_root_task;

-- kind: AlterTask
ALTER TASK mytask1 MODIFY AS INSERT INTO mytable2(id,name) SELECT id, name FROM mystream;

-- kind: AlterTask
ALTER TASK mytask1 MODIFY WHEN SYSTEM$STREAM_HAS_DATA('MYSTREAM');

-- kind: AlterObjectTags
ALTER TASK mytask1 SET TAG governance.tags.owner = 'data-eng';

-- kind: ExecuteTask
EXECUTE TASK mytask1;

-- kind: ExecuteTask
EXECUTE TASK mytask1 RETRY LAST;

-- kind: DropObject
DROP TASK IF EXISTS mytask1;

-- kind: DescribeObject
DESCRIBE TASK mytask1;

-- kind: ShowObjects
SHOW TASKS IN SCHEMA mydb.myschema;

-- Streams [sql/create-stream, sql/alter-stream].
-- kind: CreateStream
CREATE STREAM mystream ON TABLE mytable;

-- kind: CreateStream
CREATE STREAM mystream ON TABLE mytable BEFORE (TIMESTAMP => TO_TIMESTAMP(40*365*86400));

-- kind: CreateStream
CREATE STREAM mystream ON TABLE mytable AT (OFFSET => -60*5);

-- kind: CreateStream
CREATE OR REPLACE STREAM mystream ON TABLE mytable APPEND_ONLY = TRUE COMMENT = 'inserts only';

-- kind: CreateStream
CREATE STREAM mystream ON VIEW myview SHOW_INITIAL_ROWS = TRUE;

-- kind: CreateStream
CREATE STREAM mystream ON EXTERNAL TABLE exttable INSERT_ONLY = TRUE;

-- kind: CreateStream
CREATE STREAM dirtable_mystage_s ON STAGE mystage;

-- kind: CreateStream
CREATE STREAM IF NOT EXISTS ev_s COPY GRANTS ON EVENT TABLE my_events COMMENT = 'event changes';

-- kind: CreateStream
CREATE STREAM mystream2 CLONE mystream;

-- kind: AlterStream
ALTER STREAM mystream SET COMMENT = 'New comment for stream';

-- kind: AlterStream
ALTER STREAM IF EXISTS mystream UNSET COMMENT;

-- kind: AlterObjectTags
ALTER STREAM mystream SET TAG cost_center = 'sales';

-- kind: DropObject
DROP STREAM mystream;

-- kind: DescribeObject
DESCRIBE STREAM mystream;

-- Secrets [sql/create-secret, sql/alter-secret].
-- kind: CreatePropertyObject
CREATE SECRET mysecret
  TYPE = OAUTH2
  API_AUTHENTICATION = mysecurityintegration
  OAUTH_SCOPES = ('useraccount')
  COMMENT = 'secret for the service now connector';

-- kind: CreatePropertyObject
CREATE OR REPLACE SECRET mysecret
  TYPE = OAUTH2
  OAUTH_REFRESH_TOKEN = '34n;vods4nQsdg09wee4qnfvadH'
  OAUTH_REFRESH_TOKEN_EXPIRY_TIME = '2022-01-06 20:00:00'
  API_AUTHENTICATION = sn_oauth;

-- kind: CreatePropertyObject
CREATE SECRET IF NOT EXISTS mysecret TYPE = PASSWORD USERNAME = 'jsmith1' PASSWORD = 'W3dr@fg*7B1c4j';

-- kind: CreatePropertyObject
CREATE SECRET mysecret TYPE = GENERIC_STRING SECRET_STRING = 'tk_1234';

-- kind: CreatePropertyObject
CREATE SECRET mykey TYPE = SYMMETRIC_KEY ALGORITHM = GENERIC;

-- kind: AlterPropertyObject
ALTER SECRET mysecret SET OAUTH_SCOPES = ('useraccount', 'testscope');

-- kind: AlterPropertyObject
ALTER SECRET IF EXISTS mysecret SET USERNAME = 'jsmith2' PASSWORD = 'Z9x@pq' COMMENT = 'rotated';

-- kind: AlterPropertyObject
ALTER SECRET mysecret UNSET COMMENT;

-- kind: AlterObjectTags
ALTER SECRET mysecret SET TAG governance.tags.owner = 'security';

-- kind: DropObject
DROP SECRET IF EXISTS mysecret;

-- kind: DescribeObject
DESC SECRET mysecret;

-- kind: ShowObjects
SHOW SECRETS IN SCHEMA mydb.myschema;

-- Storage integrations [sql/create-storage-integration, sql/alter-storage-integration].
-- kind: CreatePropertyObject
CREATE STORAGE INTEGRATION s3_int
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = 'S3'
  STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::001234567890:role/myrole'
  ENABLED = TRUE
  STORAGE_ALLOWED_LOCATIONS = ('s3://mybucket1/path1/', 's3://mybucket2/path2/');

-- kind: CreatePropertyObject
CREATE STORAGE INTEGRATION gcs_int
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = 'GCS'
  ENABLED = TRUE
  STORAGE_ALLOWED_LOCATIONS = ('gcs://mybucket1/path1/', 'gcs://mybucket2/path2/')
  STORAGE_BLOCKED_LOCATIONS = ('gcs://mybucket1/path1/sensitivedata/');

-- kind: CreatePropertyObject
CREATE OR REPLACE STORAGE INTEGRATION azure_int
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = 'AZURE'
  ENABLED = TRUE
  AZURE_TENANT_ID = 'a123b4c5-1234-123a-a12b-1a23b45678c9'
  STORAGE_ALLOWED_LOCATIONS = ('azure://myaccount.blob.core.windows.net/mycontainer1/mypath1/')
  COMMENT = 'tenant exports';

-- kind: AlterPropertyObject
ALTER STORAGE INTEGRATION s3_int SET ENABLED = FALSE STORAGE_ALLOWED_LOCATIONS = ('s3://mybucket1/path1/');

-- kind: AlterPropertyObject
ALTER STORAGE INTEGRATION IF EXISTS s3_int UNSET STORAGE_BLOCKED_LOCATIONS, COMMENT;

-- kind: DropObject
DROP STORAGE INTEGRATION IF EXISTS s3_int;

-- kind: DescribeObject
DESCRIBE STORAGE INTEGRATION s3_int;

-- External access integrations [sql/create-external-access-integration,
-- sql/alter-external-access-integration].
-- kind: CreatePropertyObject
CREATE EXTERNAL ACCESS INTEGRATION google_apis_access_integration
  ALLOWED_NETWORK_RULES = (google_apis_network_rule)
  ALLOWED_API_AUTHENTICATION_INTEGRATIONS = (google_translate_oauth)
  ALLOWED_AUTHENTICATION_SECRETS = (oauth_token)
  ENABLED = TRUE;

-- kind: AlterPropertyObject
ALTER EXTERNAL ACCESS INTEGRATION IF EXISTS dev_integration
  SET ALLOWED_NETWORK_RULES = (rule1, rule2) ALLOWED_AUTHENTICATION_SECRETS = (secret1, secret2) ENABLED = TRUE;

-- kind: AlterPropertyObject
ALTER EXTERNAL ACCESS INTEGRATION dev_integration UNSET ALLOWED_AUTHENTICATION_SECRETS, COMMENT;

-- kind: DropObject
DROP EXTERNAL ACCESS INTEGRATION dev_integration;

-- Shares [sql/create-share, sql/alter-share].
-- kind: CreatePropertyObject
CREATE SHARE sales_s;

-- kind: CreatePropertyObject
CREATE OR REPLACE SHARE sales_s COMMENT = 'aggregates for partners';

-- kind: AlterPropertyObject
ALTER SHARE sales_s ADD ACCOUNTS = xy12345, yz23456;

-- kind: AlterPropertyObject
ALTER SHARE sales_s ADD ACCOUNTS = myorg.acct1 SHARE_RESTRICTIONS = FALSE;

-- kind: AlterPropertyObject
ALTER SHARE IF EXISTS sales_s REMOVE ACCOUNTS = xy12345;

-- kind: AlterPropertyObject
ALTER SHARE sales_s SET ACCOUNTS = xy12345 COMMENT = 'one consumer';

-- kind: AlterPropertyObject
ALTER SHARE sales_s SET COMMENT = 'aggregates';

-- kind: AlterPropertyObject
ALTER SHARE sales_s UNSET COMMENT;

-- kind: DropObject
DROP SHARE sales_s;

-- kind: DescribeObject
DESCRIBE SHARE sales_s;

-- Network rules [sql/alter-network-rule].
-- kind: AlterPropertyObject
ALTER NETWORK RULE my_rule SET VALUE_LIST = ('192.0.2.0/24', '198.51.100.0/24');

-- kind: AlterPropertyObject
ALTER NETWORK RULE IF EXISTS my_rule UNSET COMMENT;

-- Privileges granted to a share [sql/grant-privilege-share, sql/revoke-privilege-share].
-- kind: GrantPrivileges
GRANT USAGE ON DATABASE sales_db TO SHARE sales_s;

-- kind: GrantPrivileges
GRANT REFERENCE_USAGE ON DATABASE other_db TO SHARE sales_s;

-- kind: GrantPrivileges
GRANT SELECT ON TABLE sales_db.aggregates_eula.aggregate_1 TO SHARE sales_s;

-- kind: GrantPrivileges
REVOKE USAGE ON DATABASE sales_db FROM SHARE sales_s;

-- ALTER ALERT beyond RESUME / SUSPEND [sql/alter-alert].
-- kind: AlterObject
ALTER ALERT myalert SET SCHEDULE = '2 MINUTE';

-- kind: AlterObject
ALTER ALERT IF EXISTS myalert SET WAREHOUSE = my_other_wh COMMENT = 'paged'
  SUSPEND_ALERT_AFTER_NUM_FAILURES = 5;

-- kind: AlterObject
ALTER ALERT myalert UNSET COMMENT;

-- kind: AlterObject
ALTER ALERT myalert MODIFY CONDITION EXISTS (SELECT gauge_value FROM gauge WHERE gauge_value > 300);

-- kind: AlterObject
ALTER ALERT myalert MODIFY ACTION CALL my_procedure();

-- ALTER PROCEDURE [sql/alter-procedure].
-- kind: AlterObject
ALTER PROCEDURE IF EXISTS procedure1(FLOAT) RENAME TO procedure2;

-- kind: AlterObject
ALTER PROCEDURE tenant_refresh(VARCHAR, NUMBER) SET COMMENT = 'refresh one tenant' LOG_LEVEL = 'WARN';

-- kind: AlterObject
ALTER PROCEDURE tenant_refresh(VARCHAR, NUMBER) UNSET COMMENT;

-- kind: AlterObject
ALTER PROCEDURE tenant_refresh(VARCHAR, NUMBER) EXECUTE AS CALLER;

-- kind: AlterObject
ALTER PROCEDURE purge() EXECUTE AS RESTRICTED CALLER;

-- ALTER NETWORK POLICY rename and comment [sql/alter-network-policy].
-- kind: AlterObject
ALTER NETWORK POLICY np RENAME TO np_office;

-- kind: AlterObject
ALTER NETWORK POLICY IF EXISTS np SET COMMENT = 'office addresses';

-- kind: AlterObject
ALTER NETWORK POLICY np UNSET COMMENT;
