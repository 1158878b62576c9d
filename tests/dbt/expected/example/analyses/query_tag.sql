ALTER SESSION SET QUERY_TAG = '{"department":"Sales","priority":"high","tenant":"JON_DOE_TECH","model":"orders"}';
ALTER SESSION SET QUERY_TAG = '{"department":"Operations","priority":"normal","tenant":"ACME_INDUSTRIES","model":"stg_events.v2"}';
ALTER SESSION SET QUERY_TAG = '{"department":"Operations","priority":"normal","tenant":"ACME_INDUSTRIES","team":"finance","model":"orders"}';
ALTER SESSION SET QUERY_TAG = '{"department":"Operations","priority":"normal","tenant":"ACME_INDUSTRIES","cost_center":42,"model":"orders"}';
ALTER SESSION SET QUERY_TAG = '{"department":"Operations","priority":"normal","tenant":"ACME_INDUSTRIES","query_tag":"nightly O''Brien","model":"orders"}';
ALTER SESSION SET QUERY_TAG = '{"department":"Operations","priority":"normal","tenant":"ACME_INDUSTRIES","model":"orders"}';
ALTER SESSION UNSET QUERY_TAG;
SELECT '{"department":"Sales","priority":"high","tenant":"JON_DOE_TECH","model":"orders"}' AS QUERY_TAG