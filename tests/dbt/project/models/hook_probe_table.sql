{{ config(materialized='table', schema='JON_DOE_TECH') }}
{#- The body is what the post-hook runs after this materialization. -#}
{{ snowtenant.attach_row_access_policy() }}
