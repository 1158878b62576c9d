{#- No tenant: dbt-snowflake's own query_tag behaviour is kept. -#}
{{ config(materialized='table', query_tag='plain_dbt_tag') }}
SELECT 1 AS ONE
