CREATE OR REPLACE ALERT {{ name }}{% if let Some(w) = warehouse %} WAREHOUSE = {{ w }}{% endif %} SCHEDULE = {{ schedule }}
IF (EXISTS (SELECT 1 FROM {{ cost_view }} WHERE TENANT_ID = {{ tenant }} AND USAGE_MONTH = DATE_TRUNC('MONTH', CURRENT_TIMESTAMP()) HAVING SUM(CREDITS_ATTRIBUTED_COMPUTE) > {{ credits }}))
THEN CALL SYSTEM$SEND_EMAIL({{ integration }}, {{ recipients }}, {{ subject }}, {{ body }})
