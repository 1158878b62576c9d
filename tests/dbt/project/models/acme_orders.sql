{#- dbt-snowflake 1.10+: the policy in the CREATE itself; the model's own query_tag merges into the tenant's. -#}
{{ config(materialized='view', schema='ACME_INDUSTRIES', meta={'tenant': 'ACME_INDUSTRIES'},
          query_tag='{"team": "finance", "tenant": "SPOOFED"}',
          row_access_policy=snowtenant.row_access_policy(),
          post_hook="{{ snowtenant.attach_row_access_policy() }}") }}
SELECT 'ACME_INDUSTRIES' AS TENANT_ID, 1 AS AMOUNT
