{#- An incremental model (is_incremental() introspects) with the post-hook of dbt-snowflake < 1.10. -#}
{{ config(materialized='incremental', schema='JON_DOE_TECH', meta={'tenant': 'JON_DOE_TECH'},
          query_tag='nightly', post_hook="{{ snowtenant.attach_row_access_policy() }}") }}
SELECT 'JON_DOE_TECH' AS TENANT_ID, CURRENT_TIMESTAMP() AS LOADED_AT
{% if is_incremental() %}
WHERE CURRENT_TIMESTAMP() > (SELECT MAX(LOADED_AT) FROM {{ this }})
{% endif %}
