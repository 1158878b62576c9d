-- Attributed compute credits per tenant and month, by the role each query ran as (the tenant role
-- Sigma switches to, or a tenant service user's), joined to the mapping table; the query tag's
-- tenant is shown as detail. QUERY_ATTRIBUTION_HISTORY lags up to 8 hours and omits queries of
-- about 100 ms or less (https://docs.snowflake.com/en/sql-reference/account-usage/query_attribution_history).
-- Run it in the governance schema (`USE SCHEMA <database>.<governance_schema>`), where the
-- mapping table is; GOVERNANCE.TENANT_QUERY_COST is the same attribution as a view.
SELECT M.TENANT_ID,
  DATE_TRUNC('MONTH', CONVERT_TIMEZONE('UTC', Q.START_TIME)) AS USAGE_MONTH,
  SUM(Q.CREDITS_ATTRIBUTED_COMPUTE) AS CREDITS,
  COUNT_IF(TRY_PARSE_JSON(Q.QUERY_TAG):tenant::VARCHAR IS DISTINCT FROM M.TENANT_ID) AS QUERIES_TAGGED_OTHERWISE
FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_ATTRIBUTION_HISTORY AS Q
JOIN SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY AS H ON H.QUERY_ID = Q.QUERY_ID
JOIN TENANT_ROLE_MAP AS M ON M.ROLE_NAME = H.ROLE_NAME
WHERE Q.START_TIME >= DATEADD('MONTH', -3, CURRENT_TIMESTAMP())
  AND H.START_TIME >= DATEADD('MONTH', -3, CURRENT_TIMESTAMP())
GROUP BY 1, 2
ORDER BY 2 DESC, 3 DESC;
