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

{#- Whether this run's target builds the tenants' production schemas: `target.name` in the var
    `snowtenant_prod_targets` (default ['prod']). -#}
{% macro is_prod_target() %}
  {{ return(target.name in var('snowtenant_prod_targets', ['prod'])) }}
{% endmacro %}

{#- dbt's `generate_schema_name` dispatches (`adapter.dispatch('generate_schema_name', 'dbt')`)
    to `snowflake__generate_schema_name`, found here first with the root project's `dispatch:`
    block. A custom schema that is a tenant id becomes that tenant's schema (e.g.
    GOLD_CLIENT_ACME_INDUSTRIES) in production targets only: `target.name` in the var
    `snowtenant_prod_targets` (default ['prod']), dbt's custom-schema convention
    (generate_schema_name_for_env). Any other target, and any other custom schema, gets dbt's
    default name (`<target.schema>_<custom>`), so a developer's run never writes into a tenant's
    production schema. -#}
{% macro snowflake__generate_schema_name(custom_schema_name, node) %}
  {% if custom_schema_name is not none and snowtenant.find_tenant(custom_schema_name) is not none
        and snowtenant.is_prod_target() %}
    {{ return(snowtenant.tenant_schema(custom_schema_name)) }}
  {% endif %}
  {{ return(dbt.default__generate_schema_name(custom_schema_name, node)) }}
{% endmacro %}

{#- For root projects that still forward to snowtenant with a one-line shim (before dispatch). -#}
{% macro generate_schema_name(custom_schema_name, node) %}
  {{ return(snowtenant.snowflake__generate_schema_name(custom_schema_name, node)) }}
{% endmacro %}

{#- The grants the SQL package gives the tenant's role on its schema (run as SECURITYADMIN or the
    schema owner: tenant schemas have managed access), one statement per line. -#}
{% macro tenant_schema_grants_sql(tenant_id) %}
  {{ return(snowtenant.tenant(tenant_id).grants | join(';\n')) }}
{% endmacro %}

{#- Every tenant's schema grants, for `on-run-end`; nothing outside production targets, which do
    not build into the tenant schemas. -#}
{% macro grant_tenant_schemas() %}
  {% if not snowtenant.is_prod_target() %}
    {{ return('') }}
  {% endif %}
  {% set statements = [] %}
  {% for t in snowtenant.tenants() %}
    {% do statements.extend(t.grants) %}
  {% endfor %}
  {{ return(statements | join(';\n')) }}
{% endmacro %}
