{{ config(materialized='view', schema='ACME_INDUSTRIES', meta={'tenant': 'ACME_INDUSTRIES'},
          post_hook="{{ snowtenant.attach_row_access_policy() }}") }}
SELECT 'ACME_INDUSTRIES' AS TENANT_ID, 1 AS AMOUNT
