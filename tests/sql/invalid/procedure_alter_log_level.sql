-- near-miss: LOG_LEVEL is TRACE, DEBUG, INFO, WARN, ERROR, FATAL or OFF [docs.snowflake.com/en/sql-reference/sql/alter-procedure]
-- twin: ALTER PROCEDURE p(VARCHAR) SET LOG_LEVEL = 'WARN'
ALTER PROCEDURE p(VARCHAR) SET LOG_LEVEL = 'VERBOSE';
