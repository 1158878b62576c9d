{{ config(materialized='table', post_hook="{{ snowtenant.attach_row_access_policy('TENANT_ID') }}") }}
{#- Fans out over the registry: one branch per tenant. -#}
{% for t in snowtenant.tenants() %}
SELECT {{ snowtenant.sql_string(t.id) }} AS TENANT_ID, {{ snowtenant.sql_string(t.role) }} AS ROLE_NAME, {{ snowtenant.sql_string(t.warehouse) }} AS WAREHOUSE_NAME
{%- if not loop.last %}
UNION ALL
{%- endif %}
{% endfor %}
