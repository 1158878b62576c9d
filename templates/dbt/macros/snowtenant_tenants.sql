{#- Tenant lookup, per-tenant schema names and schema grants. -#}

{#- The registry entry of `tenant_id` (case-insensitive), or none. -#}
{% macro find_tenant(tenant_id) %}
  {% set wanted = (tenant_id | string | trim | upper) %}
  {% for t in snowtenant.tenants() if t.id == wanted %}
    {{ return(t) }}
  {% endfor %}
  {{ return(none) }}
{% endmacro %}

{#- The registry entry of `tenant_id`; an unknown id is a compilation error. -#}
{% macro tenant(tenant_id) %}
  {% set t = snowtenant.find_tenant(tenant_id) %}
  {% if t is none %}
    {% do exceptions.raise_compiler_error("snowtenant: unknown tenant '" ~ tenant_id ~ "'; known: " ~ (snowtenant.tenants() | map(attribute='id') | join(', '))) %}
  {% endif %}
  {{ return(t) }}
{% endmacro %}

{#- The tenant's schema (e.g. GOLD_CLIENT_ACME_INDUSTRIES); an error for row-isolated tenants. -#}
{% macro tenant_schema(tenant_id) %}
  {% set t = snowtenant.tenant(tenant_id) %}
  {% if t.schema is none %}
    {% do exceptions.raise_compiler_error("snowtenant: tenant " ~ t.id ~ " uses row isolation only and has no schema") %}
  {% endif %}
  {{ return(t.schema) }}
{% endmacro %}

{#- generate_schema_name-compatible: a custom schema that is a tenant id becomes that tenant's
    schema; anything else gets dbt's default naming. The root project adds the one-line shim
    `{% macro generate_schema_name(custom_schema_name, node) %}{{ return(snowtenant.generate_schema_name(custom_schema_name, node)) }}{% endmacro %}` -#}
{% macro generate_schema_name(custom_schema_name, node) %}
  {% if custom_schema_name is not none and snowtenant.find_tenant(custom_schema_name) is not none %}
    {{ return(snowtenant.tenant_schema(custom_schema_name)) }}
  {% endif %}
  {{ return(default__generate_schema_name(custom_schema_name, node)) }}
{% endmacro %}

{#- The grants the SQL package gives the tenant's role on its schema (run as SECURITYADMIN or the
    schema owner: tenant schemas have managed access), one statement per line. -#}
{% macro tenant_schema_grants_sql(tenant_id) %}
  {{ return(snowtenant.tenant(tenant_id).grants | join(';\n')) }}
{% endmacro %}

{#- Every tenant's schema grants, for `on-run-end`. -#}
{% macro grant_tenant_schemas() %}
  {% set statements = [] %}
  {% for t in snowtenant.tenants() %}
    {% do statements.extend(t.grants) %}
  {% endfor %}
  {{ return(statements | join(';\n')) }}
{% endmacro %}
