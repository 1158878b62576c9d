CREATE OR REPLACE ALERT {{ name }}{% if let Some(w) = warehouse %} WAREHOUSE = {{ w }}{% endif %} SCHEDULE = {{ schedule }}
IF (EXISTS (SELECT 1 FROM {{ status_view }} WHERE OVER_BUDGET AND NOT NOTIFIED))
THEN CALL {{ procedure }}()
