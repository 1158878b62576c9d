ALTER FUNCTION f(INT) SET LOG_LEVEL = 'LOUD';
-- near-miss: LOG_LEVEL is TRACE, DEBUG, INFO, WARN, ERROR, FATAL or OFF [docs.snowflake.com/en/sql-reference/sql/alter-function]
-- twin: ALTER FUNCTION f(INT) SET LOG_LEVEL = 'WARN'
